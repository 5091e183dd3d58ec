"""The one place that imports Keras, so the environment is set before TensorFlow loads."""

import os
from contextlib import contextmanager

# TensorFlow's C++ start-up chatter (oneDNN, CUDA probing) buries what a learner
# came to see; warnings and errors raised later still come through.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


@contextmanager
def _stderr_fd_silenced():
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


with _stderr_fd_silenced():
    import keras
    import tensorflow as tf
    from keras import layers

    # Probing devices here, not at a learner's first fit, keeps the CUDA probe's
    # "failed call to cuInit" line on machines without a GPU out of sight too.
    tf.config.list_physical_devices()

__all__ = ["keras", "layers", "tf"]
