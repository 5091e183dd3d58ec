"""The one place that imports Keras, so the environment is set before TensorFlow loads."""

import os

from keras_recipes import _quiet

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
_quiet.install()  # already done by the package's __init__, unless imported on its own

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

__all__ = ["keras", "layers", "tf"]
