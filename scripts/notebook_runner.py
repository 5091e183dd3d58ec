"""Runs the project's notebooks in a real Jupyter kernel, for the tests and the benchmark.

The notebooks are stored as jupytext percent-format ``.py`` files, one edition
per language in ``notebooks/<language>/`` (``en``, ``zh-TW``: the package's
languages) with the same file names. Each is converted in memory and executed
top to bottom by nbclient in a kernel that runs this very Python (the project's
virtual environment), whatever other kernels the machine has, under the locale
of its edition, so the package prints its tables and messages in the language
the prose is written in. Development tooling, kept out of the installed
package: it needs the ``dev`` extra (jupytext, nbclient, ipykernel). pytest
finds it through ``pythonpath`` in pyproject.toml; the benchmark adds this
folder to ``sys.path``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from keras_recipes.i18n import ENGLISH, LANGUAGES

# Where a notebook writes its diagrams; default ``diagrams/`` beside the notebook.
DIAGRAMS_ENV = "KERAS_RECIPES_DIAGRAMS"
KERNEL_NAME = "keras-recipes-venv"

# One folder of notebooks per language the package speaks, named as the language.
EDITIONS = LANGUAGES
# The variables that outrank LANG when a program picks its language.
_LOCALE_OVERRIDES = ("LC_ALL", "LC_MESSAGES", "LANGUAGE")


def find_notebooks(folder: str | os.PathLike[str]) -> list[Path]:
    """The notebook sources in ``folder`` (``NN_name.py``), in file-name order."""
    return sorted(p for p in Path(folder).glob("[0-9]*.py") if p.is_file())


def find_editions(root: str | os.PathLike[str]) -> dict[str, list[Path]]:
    """Each edition's notebooks under ``root`` (``root/en``, ``root/zh-TW``), by edition."""
    return {edition: find_notebooks(Path(root) / edition) for edition in EDITIONS}


def edition_of(source: str | os.PathLike[str]) -> str | None:
    """The edition a notebook belongs to, from its folder's name; None outside the editions."""
    folder = Path(source).parent.name
    return folder if folder in EDITIONS else None


def edition_locale(edition: str) -> str:
    """The locale a kernel of ``edition`` runs under (``LANG``): zh-TW -> ``zh_TW.UTF-8``.

    English is the package's own language, so its kernel gets the C locale,
    which every system has.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition_locale(): {edition!r} is not one of {EDITIONS}")
    return "C.UTF-8" if edition == ENGLISH else f"{edition.replace('-', '_')}.UTF-8"


def kernel_environment(
    source: str | os.PathLike[str], env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment a notebook's kernel starts with: this process's, under the locale of
    the notebook's edition, then ``env`` on top.

    The locale comes from ``LANG`` alone: the variables that would outrank it are
    dropped, so a developer's own ``LC_ALL`` cannot change an edition's language.
    Only ``LANG`` is set: where the system lacks the locale, the C library just
    keeps its default, while an unknown ``LC_ALL`` makes some programs warn.
    """
    environment = dict(os.environ)
    # Under pytest this is set, and ipykernel then stops forwarding what is
    # written straight to the kernel's stderr (TensorFlow's C++ log): a test
    # that "nothing reaches stderr" would pass whatever the notebook shows.
    environment.pop("PYTEST_CURRENT_TEST", None)
    # Set in this process by the package's own import: a learner's kernel starts without it,
    # and the notebook must keep TensorFlow's log out of sight by itself.
    environment.pop("TF_CPP_MIN_LOG_LEVEL", None)
    edition = edition_of(source)
    if edition is not None:
        for variable in _LOCALE_OVERRIDES:
            environment.pop(variable, None)
        environment["LANG"] = edition_locale(edition)
    environment.update(env or {})
    return environment


def _write_kernelspec(kernels: Path) -> None:
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "keras_recipes (this virtual environment)",
        "language": "python",
    }
    folder = kernels / KERNEL_NAME
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


def execute_notebook(
    source: str | os.PathLike[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: int = 300,
) -> Any:
    """Converts a percent-format notebook and runs every cell, stopping at the first error.

    Args:
        source: the notebook's ``.py`` file; cells run with its folder as working directory,
            under the locale of its edition (``kernel_environment``).
        env: extra environment variables for the kernel (e.g. ``DIAGRAMS_ENV``).
        timeout: seconds allowed to any one cell.

    Returns:
        The executed notebook (an ``nbformat.NotebookNode``) with its outputs.

    Raises:
        nbclient.exceptions.CellExecutionError: a cell raised; the message holds the traceback.
    """
    import jupytext
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    path = Path(source)
    notebook = jupytext.read(path)
    with tempfile.TemporaryDirectory(prefix="keras-recipes-kernel-") as scratch:
        kernels = Path(scratch) / "kernels"
        _write_kernelspec(kernels)
        # Unix sockets in the scratch folder, where TCP would make ipykernel
        # warn about unencrypted traffic on every start.
        sockets = (
            {"transport": "ipc", "ip": str(Path(scratch) / "ipc")} if os.name == "posix" else {}
        )
        manager = KernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
            **sockets,
        )
        client = NotebookClient(
            notebook,
            km=manager,
            timeout=timeout,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute(env=kernel_environment(path, env))
        finally:
            # nbclient leaves a kernel manager it was handed running; one kernel
            # per notebook would otherwise pile up until the caller exits.
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
    return notebook
