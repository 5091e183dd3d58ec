"""Handwritten digits for training the recipes, shaped for any model's inputs and outputs."""

from __future__ import annotations

import dataclasses
import importlib
import socket
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import TYPE_CHECKING, Any, cast

from keras_recipes import registry
from keras_recipes.i18n import _, os_reason, shown
from keras_recipes.registry import TensorSpec

# numpy is imported where used: `list` and `--help` start without it.
if TYPE_CHECKING:
    import os

    import keras
    import numpy as np

SOURCES = ("digits", "mnist")
SIDE = 28  # MNIST's image side; every recipe's digit input is made from a 28x28 image

# The file keras.datasets.mnist.load_data() downloads, and its checksum.
MNIST_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
MNIST_TIMEOUT_S = 5.0

# Held out for testing (the offline digits; MNIST brings its own test split), then
# for validation, each rounded down: 1,295 / 143 / 359 digits, 54,000 / 6,000 / 10,000
# MNIST images. train() sizes its data by them before loading any.
TEST_FRACTION = 0.2
VALIDATION_FRACTION = 0.1
SPLIT_SIZES = {"digits": (1295, 143, 359), "mnist": (54_000, 6_000, 10_000)}

# Each training digit is also used moved one pixel up, down, left and right.
SHIFTS = ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1))

LINE_SLOPE, LINE_INTERCEPT, LINE_NOISE = 2.0, 1.0, 0.1
LINE = f"y = {LINE_SLOPE:g}x + {LINE_INTERCEPT:g}"
LINE_SIZES = (4096, 512, 512)  # train, validation, test


class DataUnavailableError(RuntimeError):
    """A data source cannot be loaded in this environment (a missing package, no network)."""


class MnistUnreachableError(DataUnavailableError):
    """MNIST cannot be had now: not cached, and its download failed or stalled."""


@dataclass(frozen=True)
class Split:
    """Images (N, 28, 28) float32 in [0, 1] and labels (N,) int32; for the line, x and y (N, 1)."""

    images: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    def take(self, count: int | None) -> Split:
        return Split(self.images[:count], self.labels[:count])


@dataclass(frozen=True)
class Digits:
    """Train, validation and test splits from one source."""

    source: str  # "digits", "mnist" or "line": where the samples really came from
    train: Split
    validation: Split
    test: Split
    note: str | None = None  # why the source differs from the one asked for


def not_one_of(function: str, argument: str, value: Any, choices: Sequence[Any]) -> ValueError:
    """The refusal of a value outside ``choices``, naming the function and the argument."""
    message = _("{function}(): {argument}={value} is not usable: expected one of {choices}")
    fields = {"function": function, "argument": argument, "value": shown(value)}
    return ValueError(message.format(choices=", ".join(map(repr, choices)), **fields))


def load(source: str = "digits", *, seed: int = 0, **mnist: Any) -> Digits:
    """``load_digits``, or ``load_mnist(**mnist)`` falling back to the digits with a note."""
    if source not in SOURCES:
        raise not_one_of("load", "source", source, SOURCES)
    if source == "digits":
        return load_digits(seed=seed)
    try:
        return load_mnist(seed=seed, **mnist)
    except MnistUnreachableError as error:
        note = _("MNIST unavailable ({error}); using scikit-learn's 1,797 digits instead")
        note = note.format(error=error)
        print(f"keras-recipes: {note}", file=sys.stderr)
        return dataclasses.replace(load_digits(seed=seed), note=note)


def load_digits(*, seed: int = 0) -> Digits:
    """scikit-learn's digits enlarged to 28x28, 1,295 / 143 / 359 in stratified splits.

    Unframed, unlike MNIST's: a border would leave the pixel-by-pixel LSTMs over a
    hundred blank steps after the last stroke."""
    import numpy as np

    bunch = _sklearn("datasets").load_digits()
    images = resize(bunch.images[..., None].astype(np.float32) / 16.0, (SIDE, SIDE))[..., 0]
    rest, test = _held_out(Split(images, bunch.target.astype(np.int32)), TEST_FRACTION, seed)
    train, validation = _held_out(rest, VALIDATION_FRACTION, seed + 1)
    return Digits("digits", train, validation, test)


def load_mnist(
    *,
    seed: int = 0,
    origin: str = MNIST_ORIGIN,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float = MNIST_TIMEOUT_S,
    file_hash: str = MNIST_SHA256,
) -> Digits:
    """MNIST's 60,000 training images (10% held out for validation) and 10,000 test images,
    from Keras' cache (``~/.keras/datasets/mnist.npz``) or ``origin``; raises
    ``MnistUnreachableError`` when the download fails or stalls for ``timeout`` s."""
    import numpy as np

    from keras_recipes._keras import keras

    # Keras' download has no timeout: the default of new sockets gives each connect
    # and read one, for this download only. Keras removes a file whose download failed.
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)
    try:
        path = keras.utils.get_file("mnist.npz", origin, file_hash=file_hash, cache_dir=cache_dir)
    except Exception as error:  # Keras wraps a failed fetch in a bare Exception
        raise MnistUnreachableError(_download_problem(error, timeout)) from None
    finally:
        socket.setdefaulttimeout(before)
    with np.load(path, allow_pickle=False) as f:
        train = Split(f["x_train"].astype(np.float32) / 255, f["y_train"].astype(np.int32))
        test = Split(f["x_test"].astype(np.float32) / 255, f["y_test"].astype(np.int32))
    train, validation = _held_out(train, VALIDATION_FRACTION, seed)
    return Digits("mnist", train, validation, test)


def _download_problem(error: BaseException, timeout: float) -> str:
    """Why a download failed, in the user's language where the system gave a reason."""
    cause: Any = error
    while not isinstance(cause, OSError) and cause.__context__ is not None:
        cause = cause.__context__
    cause = getattr(cause, "reason", cause)  # urllib's URLError holds the socket's error
    if isinstance(cause, TimeoutError):
        return _("no data for {timeout} s").format(timeout=f"{timeout:g}")
    if isinstance(cause, OSError) and cause.strerror:
        return os_reason(cause)
    return str(error)


def _held_out(split: Split, fraction: float, seed: int) -> tuple[Split, Split]:
    """The rest and ``fraction`` of ``split`` (rounded down), shuffled, classes in proportion."""
    x_rest, x_out, y_rest, y_out = _sklearn("model_selection").train_test_split(
        split.images,
        split.labels,
        test_size=int(len(split) * fraction),
        stratify=split.labels,
        random_state=seed,
    )
    return Split(x_rest, y_rest), Split(x_out, y_out)


def _sklearn(module: str) -> Any:
    # scikit-learn is an extra: imported only when data is loaded.
    try:
        return importlib.import_module(f"sklearn.{module}")
    except ImportError:
        raise DataUnavailableError(
            _("the digits need scikit-learn: pip install scikit-learn")
        ) from None


def load_line(*, seed: int = 0) -> Digits:
    """Noisy points of y = 2x + 1 for a model of one number in and one out (the article's
    Sequential), x uniform in [-1, 1]: its best test mean squared error is about 0.01."""
    import numpy as np

    rng = np.random.default_rng(seed)

    def points(size: int) -> Split:
        x = rng.uniform(-1.0, 1.0, size=(size, 1)).astype(np.float32)
        noise = rng.normal(0.0, LINE_NOISE, size=(size, 1)).astype(np.float32)
        return Split(x, LINE_SLOPE * x + LINE_INTERCEPT + noise)

    train, validation, test = map(points, LINE_SIZES)
    return Digits("line", train, validation, test)


def resize(images: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(N, H, W, C) images resized: bilinear keeps strokes smooth and, unlike bicubic,
    within [0, 1]; antialiasing keeps a shrunk image smooth too."""
    import numpy as np

    from keras_recipes._keras import tf

    out = tf.image.resize(images, size, method="bilinear", antialias=True)
    return np.asarray(out.numpy(), dtype=np.float32)


def shifted(split: Split) -> Split:
    """The split as it is and moved one pixel four ways (black moved in at the edge): with
    1,295 digits, they lift the CNNs' test accuracy by about two points."""
    import numpy as np

    height, width = split.images.shape[1:]
    padded = np.pad(split.images, ((0, 0), (1, 1), (1, 1)))
    copies = [padded[:, 1 - dy : 1 - dy + height, 1 - dx : 1 - dx + width] for dy, dx in SHIFTS]
    return Split(np.concatenate(copies), np.tile(split.labels, len(SHIFTS)))


def specs_of(model: keras.Model) -> tuple[tuple[TensorSpec, ...], tuple[TensorSpec, ...]]:
    """A built model's inputs and outputs as ``TensorSpec`` (what ``Recipe`` holds)."""
    inputs = tuple(TensorSpec(t.name, tuple(t.shape), "") for t in model.inputs)
    # A Sequential model has no output_names: its one output is its last layer.
    names = getattr(model, "output_names", None) or [model.layers[-1].name]
    outputs = tuple(
        TensorSpec(name, tuple(t.shape), "") for t, name in zip(model.outputs, names, strict=True)
    )
    return inputs, outputs


def sample_shape(shape: Sequence[int | None]) -> tuple[int, ...]:
    """One sample's shape for an input of ``shape`` (batch axis ``None`` or not) when a digit
    fills it: 784 values in any arrangement, or an (H, W, 1 or 3) image; else ValueError."""
    dims = shape[1:] if shape and shape[0] is None else shape
    if any(d is None for d in dims):
        message = _("an input of shape {shape} has an unknown size: digits need fixed sizes")
        raise ValueError(message.format(shape=tuple(shape)))
    per_sample = tuple(int(d) for d in dims if d is not None)
    if prod(per_sample) == SIDE * SIDE or (len(per_sample) == 3 and per_sample[2] in (1, 3)):
        return per_sample
    message = _(
        "an input of shape {shape} cannot be made from a 28x28 digit: expected 784 values "
        "in any arrangement, or an (height, width, 1 or 3) image"
    )
    raise ValueError(message.format(shape=per_sample))


def digit_input(images: np.ndarray, shape: Sequence[int | None], *, seed: int = 0) -> np.ndarray:
    """(N, 28, 28) digits as one input of ``shape``: 784 values are a reshape, row after row;
    an (H, W, 1) image is the digit resized, (H, W, 3) resized in an ink colour per digit."""
    import numpy as np

    per_sample = sample_shape(shape)
    if prod(per_sample) == SIDE * SIDE:
        return images.reshape((len(images), *per_sample))
    height, width, channels = per_sample
    enlarged = resize(images[..., None], (height, width))
    if channels == 1:
        return enlarged
    # At least 0.3 per channel, so that no digit disappears.
    ink = np.random.default_rng(seed).uniform(0.3, 1.0, size=(len(images), 1, 1, 3))
    return enlarged * ink.astype(np.float32)


def inputs_for(
    specs: Sequence[TensorSpec], images: np.ndarray, *, seed: int = 0
) -> np.ndarray | dict[str, np.ndarray]:
    """The model inputs made from ``images``: one array, or a dict keyed by input name."""
    if len(specs) == 1:
        return digit_input(images, specs[0].shape, seed=seed)
    return {spec.name: digit_input(images, spec.shape, seed=seed) for spec in specs}


def targets_for(
    labels: np.ndarray, specs: Sequence[TensorSpec], input_specs: Sequence[TensorSpec]
) -> np.ndarray | dict[str, np.ndarray]:
    """The labels for each output, one array or a dict by name: (N,), or (N, steps) for an
    output per step of a sequence; ValueError for one no label fits."""
    import numpy as np

    why = registry.untrainable(input_specs, specs)
    if why is not None:
        raise ValueError(why)

    def target(spec: TensorSpec) -> np.ndarray:
        if len(spec.shape) == 2:
            return labels
        return np.repeat(labels[:, None], cast(int, spec.shape[1]), axis=1)  # steps: known

    if len(specs) == 1:
        return target(specs[0])
    return {spec.name: target(spec) for spec in specs}


def arrays_for(
    inputs: Sequence[TensorSpec],
    outputs: Sequence[TensorSpec],
    split: Split,
    *,
    rebuilds: bool = False,
    seed: int = 0,
) -> tuple[Any, Any]:
    """``(x, y)`` for ``Model.fit``; for a model that ``rebuilds`` its input, ``y`` is ``x``."""
    x = inputs_for(inputs, split.images, seed=seed)
    return x, x if rebuilds else targets_for(split.labels, outputs, inputs)


def shapes(arrays: np.ndarray | Mapping[str, np.ndarray]) -> Any:
    """Shapes of an array or of each array in a dict, for messages and tests."""
    if isinstance(arrays, Mapping):
        return {name: a.shape for name, a in arrays.items()}
    return arrays.shape
