"""Runs the project's notebooks in a real Jupyter kernel, for the tests and the benchmark.

The notebooks are stored as jupytext percent-format ``.py`` files; each is
converted in memory and executed top to bottom by nbclient in a kernel that
runs this very Python (the project's virtual environment), whatever other
kernels the machine has. Development tooling, kept out of the installed
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

# Where a notebook writes its diagrams; default ``diagrams/`` beside the notebook.
DIAGRAMS_ENV = "KERAS_RECIPES_DIAGRAMS"
KERNEL_NAME = "keras-recipes-venv"


def find_notebooks(folder: str | os.PathLike[str]) -> list[Path]:
    """The notebook sources in ``folder`` (``NN_name.py``), in file-name order."""
    return sorted(p for p in Path(folder).glob("[0-9]*.py") if p.is_file())


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
        source: the notebook's ``.py`` file; cells run with its folder as working directory.
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
            client.execute(env={**os.environ, **(env or {})})
        finally:
            # nbclient leaves a kernel manager it was handed running; one kernel
            # per notebook would otherwise pile up until the caller exits.
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
    return notebook
