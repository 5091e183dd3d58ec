"""TensorFlow's log kept out of sight, for whoever imports it after this package.

TensorFlow 2.21 writes its start-up lines (absl's preamble, the CUDA probe, CPU
features) to file descriptor 2 from C++ before any logging is set up, so no
environment variable reaches them. Importing ``keras_recipes`` installs a
finder that runs the first import of ``tensorflow`` -- ours, or a learner's
``import keras`` -- with that descriptor pointed at ``/dev/null`` and Python's
cyclic garbage collector paused. Nothing imports TensorFlow here: the finder
only waits for someone to.

Later lines come from TensorFlow's C++ while it runs (oneDNN's notes on some
CPUs, during ``fit``) and from its Python logger (retracing warnings). The
finder sets ``TF_CPP_MIN_LOG_LEVEL=3`` unless the user set it, which keeps C++
errors and warnings out, and raises the Python logger to errors. What goes
wrong in TensorFlow still reaches the user: as a Python exception.

Python exceptions raised by the import still propagate; they are printed after
the descriptor is back.
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

_PACKAGE = "tensorflow"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pauses the cyclic collector, then freezes what was made meanwhile.

    Importing TensorFlow creates hundreds of thousands of long-lived objects;
    the collector walking them again and again costs about a third of the
    import (3.3 s -> 2.1 s on 2 cores). They live as long as the process, so
    they are frozen out of later collections too.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.freeze()


@contextmanager
def stderr_fd_silenced() -> Iterator[None]:
    """Points file descriptor 2 at ``/dev/null`` for the duration (C++ writes included)."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all: nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class _QuietLoader(importlib.abc.Loader):
    """Runs the real loader of ``tensorflow`` with the chatter silenced."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # Read once, when TensorFlow's C++ logging starts: 3 keeps its run-time
        # errors (oneDNN's "supports DT_INT32 only on platforms with AVX-512")
        # off the learner's screen, on every CPU.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        with collector_paused(), stderr_fd_silenced():
            self._loader.exec_module(module)
            # Through get_logger: its first call configures the logger, in an
            # interactive session down to INFO.
            module.get_logger().setLevel(logging.ERROR)
            # Probing devices now, not at the first model a learner builds with
            # plain keras, keeps the CUDA probe's "failed call to cuInit" line on
            # machines without a GPU out of sight too.
            module.config.list_physical_devices()

    def __getattr__(self, name: str) -> Any:  # get_resource_reader, is_package, ...
        return getattr(self._loader, name)


class _QuietFinder(importlib.abc.MetaPathFinder):
    """Finds ``tensorflow`` as usual, once, and wraps its loader."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _PACKAGE:
            return None
        uninstall()
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _QuietLoader(spec.loader)
        return spec


def install() -> None:
    """Silences TensorFlow's first import, unless it already happened."""
    if _PACKAGE in sys.modules or any(isinstance(f, _QuietFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _QuietFinder())


def uninstall() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _QuietFinder)]
