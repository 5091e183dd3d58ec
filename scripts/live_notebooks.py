"""``make notebooks`` and ``make lab``: the executed notebooks to open live in JupyterLab.

``python scripts/live_notebooks.py`` writes ``notebooks/<edition>/NN_name.ipynb`` (git
ignores them) from the executed-notebook cache, running only what changed, and prints how
long each notebook takes. ``--kernels`` also registers one Jupyter kernel per edition in
this virtual environment, each under its edition's locale, so a zh-TW notebook re-run in
JupyterLab prints its tables in Chinese, as on the site.

The written notebooks stand alone: their Jupytext pairing is left out, so editing one in
JupyterLab never rewrites the ``.py`` source beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import nbformat
from notebook_cache import ROOT, executed
from notebook_runner import EDITIONS, edition_locale, find_notebooks

KERNEL_PREFIX = "keras-recipes-"
_EDITION_NAMES = {"en": "English", "zh-TW": "繁體中文"}


def kernel_name(edition: str) -> str:
    """The Jupyter kernel of ``edition``: ``keras-recipes-en``, ``keras-recipes-zh-tw``."""
    return KERNEL_PREFIX + edition.lower()


def kernelspec(edition: str) -> dict[str, object]:
    """The kernel.json of ``edition``: this Python, under the edition's locale."""
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"keras_recipes ({_EDITION_NAMES.get(edition, edition)})",
        "language": "python",
        "env": {"LANG": edition_locale(edition)},
    }


def register_kernels(prefix: Path = Path(sys.prefix)) -> list[Path]:
    """Writes one kernel spec per edition under ``prefix/share/jupyter/kernels``."""
    written = []
    for edition in EDITIONS:
        folder = prefix / "share" / "jupyter" / "kernels" / kernel_name(edition)
        folder.mkdir(parents=True, exist_ok=True)
        spec = json.dumps(kernelspec(edition), ensure_ascii=False, indent=1)
        (folder / "kernel.json").write_text(spec, encoding="utf-8")
        written.append(folder)
    return written


def write_live(source: Path, target: Path) -> float:
    """Writes ``source``'s executed notebook to ``target``, set to its edition's kernel.

    Returns:
        How long the notebook took to run (from the cache when it had run before).
    """
    run = executed(source)
    notebook = run.read()
    notebook.metadata.pop("jupytext", None)
    edition = source.parent.name
    notebook.metadata["kernelspec"] = {
        "name": kernel_name(edition),
        "display_name": kernelspec(edition)["display_name"],
        "language": "python",
    }
    scratch = target.with_name(f".{target.name}.tmp")
    nbformat.write(notebook, scratch)
    os.replace(scratch, target)
    return run.seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", action="store_true", help="also register the kernels")
    args = parser.parse_args(argv)
    if args.kernels:
        for folder in register_kernels():
            print(f"kernel: {folder.name}")
    started = time.monotonic()
    for edition in EDITIONS:
        for source in find_notebooks(ROOT / "notebooks" / edition):
            target = source.with_suffix(".ipynb")
            seconds = write_live(source, target)
            print(f"  {target.relative_to(ROOT)}: {seconds:.1f} s to run", flush=True)
    print(f"notebooks ready in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
