"""The one place that imports Keras, so the environment is set before TensorFlow loads."""

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

# TensorFlow's C++ start-up chatter (oneDNN, CUDA probing) buries what a learner
# came to see; warnings and errors raised later still come through.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Importing TensorFlow creates hundreds of thousands of long-lived objects;
    # the cyclic collector walking them again and again costs about a third of
    # the import (3.3 s -> 2.1 s here). They live as long as the process, so
    # they are frozen out of later collections too.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.freeze()


@contextmanager
def _stderr_fd_silenced() -> Iterator[None]:
    # TensorFlow 2.21 writes its start-up lines to file descriptor 2 before absl
    # logging is set up, so no environment variable reaches them. Python
    # exceptions still propagate: they are printed after the descriptor is back.
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


with _collector_paused(), _stderr_fd_silenced():
    import keras
    import tensorflow as tf
    from keras import layers

    # Probing devices here, not at a learner's first fit, keeps the CUDA probe's
    # "failed call to cuInit" line on machines without a GPU out of sight too.
    tf.config.list_physical_devices()

__all__ = ["keras", "layers", "tf"]
