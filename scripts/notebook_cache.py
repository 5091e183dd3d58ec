"""Executed notebooks, kept by the content they were made from, for the site, the tests and
``make notebooks``.

A notebook is executed again only when something that shapes its outputs changed: its own
source, any file of the ``keras_recipes`` package, the runner, or the version of a library
that draws or computes what it shows. Each run lies in its own folder under the cache (by
default ``.cache/notebooks/`` in the repository, which git ignores;
``$KERAS_RECIPES_NOTEBOOK_CACHE`` names another):

    <edition>-<name>-<key>/notebook.ipynb   the executed notebook, every output in place
    <edition>-<name>-<key>/diagrams/        the diagram files it wrote
    <edition>-<name>-<key>/run.json         how long the run took, and its key

An entry is made in a scratch folder and renamed into place, so a reader sees a whole run or
none; a lock per notebook lets the pytest-xdist workers and ``make site`` share the cache
without running one notebook twice. A failed run leaves no entry: the error goes to the caller.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import nbformat
from notebook_runner import DIAGRAMS_ENV, edition_of, execute_notebook

try:
    import fcntl
except ImportError:  # Windows: no lock, so two processes may both run a notebook
    fcntl = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "keras_recipes"
CACHE_ENV = "KERAS_RECIPES_NOTEBOOK_CACHE"
DEFAULT_CACHE = ROOT / ".cache" / "notebooks"

# Libraries whose version can change a summary, a diagram, a curve or a trained number.
_LIBRARIES = ("tensorflow", "keras", "numpy", "matplotlib", "pydot", "scikit-learn")
# How the notebooks are run (kernel, locale), besides the package and the notebook itself.
_RUNNERS = (ROOT / "scripts" / "notebook_runner.py",)
# What the package is made of; compiled files follow from these.
_PACKAGE_SUFFIXES = (".py", ".po", ".json", ".txt")


@dataclass(frozen=True)
class Run:
    """One executed notebook in the cache."""

    source: Path
    folder: Path
    seconds: float  # how long the kernel took, when it ran
    cached: bool  # True when this call found it already made

    @property
    def notebook_path(self) -> Path:
        return self.folder / "notebook.ipynb"

    @property
    def diagrams(self) -> Path:
        return self.folder / "diagrams"

    def read(self) -> nbformat.NotebookNode:
        return nbformat.read(self.notebook_path, as_version=nbformat.NO_CONVERT)


def cache_folder() -> Path:
    """The cache in use: ``$KERAS_RECIPES_NOTEBOOK_CACHE``, else ``.cache/notebooks``."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE)


def _package_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix in _PACKAGE_SUFFIXES and "__pycache__" not in path.parts
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def content_key(source: str | os.PathLike[str]) -> str:
    """The hash of everything a run of ``source`` depends on, hex."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    source = Path(source)
    add("edition", (edition_of(source) or "").encode())
    add("notebook", source.read_bytes())
    for path in _package_files():
        add(path.relative_to(PACKAGE).as_posix(), path.read_bytes())
    for path in _RUNNERS:
        add(path.name, path.read_bytes())
    add("python", sys.version.encode())
    for name in _LIBRARIES:
        add(name, _version(name).encode())
    return digest.hexdigest()


def _stem(source: Path) -> str:
    return f"{edition_of(source) or source.parent.name}-{source.stem}"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Holds an exclusive lock on ``path`` (made if missing) across processes, where the
    system has ``fcntl``; elsewhere it does not wait."""
    with open(path, "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


def cached_run(source: str | os.PathLike[str], cache: Path | None = None) -> Run | None:
    """The cached run of ``source`` as it is now, or None when there is none yet."""
    source = Path(source)
    folder = (cache or cache_folder()) / f"{_stem(source)}-{content_key(source)[:20]}"
    if not (folder / "notebook.ipynb").is_file():
        return None
    seconds = json.loads((folder / "run.json").read_text(encoding="utf-8"))["seconds"]
    return Run(source, folder, seconds, cached=True)


def executed(
    source: str | os.PathLike[str], cache: Path | None = None, *, timeout: int = 300
) -> Run:
    """The run of ``source`` for its current content: from the cache, or made now and kept.

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised (nothing is kept).
    """
    source = Path(source).resolve()
    cache = cache or cache_folder()
    cache.mkdir(parents=True, exist_ok=True)
    with locked(cache / f"{_stem(source)}.lock"):
        found = cached_run(source, cache)
        if found is not None:
            return found
        key = content_key(source)
        scratch = Path(tempfile.mkdtemp(prefix=".making-", dir=cache))
        try:
            (scratch / "diagrams").mkdir()
            started = time.monotonic()
            notebook = execute_notebook(
                source, env={DIAGRAMS_ENV: str(scratch / "diagrams")}, timeout=timeout
            )
            seconds = round(time.monotonic() - started, 1)
            nbformat.write(notebook, scratch / "notebook.ipynb")
            run = {"seconds": seconds, "key": key, "source": source.name}
            (scratch / "run.json").write_text(json.dumps(run), encoding="utf-8")
            folder = cache / f"{_stem(source)}-{key[:20]}"
            os.replace(scratch, folder)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        # Older runs of this notebook can never be asked for again.
        for old in cache.glob(f"{_stem(source)}-*"):
            if old.is_dir() and old != folder:
                shutil.rmtree(old, ignore_errors=True)
    return Run(source, folder, seconds, cached=False)
