"""TensorFlow's log kept out of sight, for whoever imports it after this package.

TensorFlow writes its start-up lines (absl's preamble, the CUDA probe, CPU features) to file
descriptor 2 from C++, before any logging is set up. ``install()`` puts a finder before the
import system that runs the first ``import tensorflow`` (ours, or a learner's ``import keras``)
with that descriptor at ``/dev/null``; it imports nothing itself. Later C++ lines (oneDNN's
notes during ``fit`` on some CPUs) are kept out by ``TF_CPP_MIN_LOG_LEVEL=3`` unless the user
set it. Whatever goes wrong still reaches the user, as a Python exception.
"""

from __future__ import annotations

import gc
import importlib.abc
import importlib.machinery
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import Any


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """File descriptor 2, C++ writes included, at ``/dev/null`` for the block."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all: nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class _QuietLoader(importlib.abc.Loader):
    """Runs the real loader of ``tensorflow`` quietly; asked anything else, the real one answers."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def exec_module(self, module: ModuleType) -> None:
        # Read once, when TensorFlow's C++ logging starts.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        # The cyclic collector, walking TensorFlow's hundreds of thousands of new objects
        # again and again, costs a third of the import: paused, and what was made frozen.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with _stderr_silenced():
                self._loader.exec_module(module)
                # Through get_logger: its first call configures the logger, in an
                # interactive session down to INFO.
                module.get_logger().setLevel(logging.ERROR)
                # Probing devices now keeps the CUDA probe's "failed call to cuInit"
                # line, on machines without a GPU, out of sight too.
                module.config.list_physical_devices()
        finally:
            if collecting:
                gc.enable()
            gc.freeze()

    def __getattr__(self, name: str) -> Any:  # get_resource_reader, is_package, ...
        return getattr(self._loader, name)


class _QuietFinder(importlib.abc.MetaPathFinder):
    """Finds ``tensorflow`` as usual, once, and wraps its loader."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "tensorflow":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


def install() -> None:
    """Silences TensorFlow's first import, unless it already happened or is silenced already."""
    if "tensorflow" not in sys.modules and not any(
        isinstance(finder, _QuietFinder) for finder in sys.meta_path
    ):
        sys.meta_path.insert(0, _QuietFinder())
