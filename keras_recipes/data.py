"""Handwritten digits for training the recipes: offline by default, MNIST when it can be had.

Two sources give the same thing, 28x28 grayscale digits in [0, 1] with their
labels, split into train, validation and test:

- ``"digits"`` (the default, offline): the 1,797 real handwritten digits that
  scikit-learn ships (8x8, values 0..16), scaled to [0, 1] and enlarged to
  28x28. scikit-learn is imported only here, when the digits are asked for
  (``pip install keras-recipes[digits]``).
- ``"mnist"``: MNIST through Keras' own download (same URL, checksum and cache
  file as ``keras.datasets.mnist``). When it is neither cached nor reachable
  within a few seconds, the digits are used instead, with a one-line notice.

Both are split with scikit-learn's ``train_test_split``, every class in
proportion.

``inputs_for`` and ``targets_for`` then shape the images and labels for any
model, from its input and output specs (``Recipe.inputs``/``Recipe.outputs``
or ``specs_of(model)``). Nothing here imports TensorFlow until images are
resized or MNIST is asked for.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import TYPE_CHECKING, Any

import numpy as np

from keras_recipes import registry
from keras_recipes.i18n import _, os_reason, shown
from keras_recipes.registry import TensorSpec

if TYPE_CHECKING:
    import keras

SOURCES = ("digits", "mnist")
SIDE = 28  # MNIST's image side; every recipe's digit input is made from a 28x28 image

# The file keras.datasets.mnist.load_data() downloads, and its checksum.
MNIST_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
MNIST_TIMEOUT_S = 5.0

# Share of the scikit-learn digits held out for testing (MNIST brings its own
# test split), and of the training part held out for validation; rounded down.
TEST_FRACTION = 0.2
VALIDATION_FRACTION = 0.1
# Images in the train, validation and test splits of each source, known before
# loading (MNIST's validation split is a tenth of each class, so about 6,000).
SPLIT_SIZES = {"digits": (1295, 143, 359), "mnist": (54_000, 6_000, 10_000)}


class DataUnavailableError(RuntimeError):
    """A data source cannot be loaded in this environment (a missing package, a bad file)."""


@dataclass(frozen=True)
class Split:
    """Images (N, 28, 28) float32 in [0, 1] and their labels (N,) int32."""

    images: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    def take(self, count: int) -> Split:
        return Split(self.images[:count], self.labels[:count])


@dataclass(frozen=True)
class Digits:
    """Train, validation and test splits from one source."""

    source: str  # "digits" or "mnist": where the images really came from
    train: Split
    validation: Split
    test: Split
    note: str | None = None  # why the source differs from the one asked for


# ---------------------------------------------------------------- loading


def load(
    source: str = "digits",
    *,
    seed: int = 0,
    origin: str = MNIST_ORIGIN,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float = MNIST_TIMEOUT_S,
) -> Digits:
    """Loads 28x28 digits from ``source``, split with a fixed seed.

    Args:
        source: ``"digits"`` (scikit-learn's digits, offline) or ``"mnist"``
            (falls back to the digits, with a notice on stderr, when MNIST is
            neither cached nor reachable).
        seed: seed of the stratified split and of the shuffling within splits.
        origin: where MNIST is downloaded from (Keras' own URL by default).
        cache_dir: the folder holding ``datasets/mnist.npz``; defaults to the
            Keras home, as ``keras.utils.get_file`` does (see ``mnist_cache_path``).
        timeout: seconds allowed to reach ``origin``, and for the download to
            bring more bytes.

    Returns:
        ``Digits`` with train, validation and test splits; its ``source`` says
        which source was really used.
    """
    if source not in SOURCES:
        raise ValueError(
            _("source={source} is not usable: expected one of {sources}").format(
                source=shown(source), sources=", ".join(SOURCES)
            )
        )
    if source == "digits":
        return load_digits(seed=seed)
    try:
        return load_mnist(seed=seed, origin=origin, cache_dir=cache_dir, timeout=timeout)
    except MnistUnreachableError as error:
        note = _("MNIST unavailable ({error}); using scikit-learn's 1,797 digits instead").format(
            error=error
        )
        print(f"keras-recipes: {note}", file=sys.stderr)
        digits = load_digits(seed=seed)
        return Digits("digits", digits.train, digits.validation, digits.test, note=note)


def load_digits(*, seed: int = 0) -> Digits:
    """scikit-learn's handwritten digits, enlarged to 28x28, in stratified splits.

    Each 8x8 digit is scaled to [0, 1] and enlarged to the whole 28x28 image
    (see ``resize``), not framed in a black border as MNIST frames a 20x20
    digit: a border would leave the pixel-by-pixel LSTMs over a hundred blank
    steps after the last stroke (README, "What each recipe reaches").

    20% held out for testing and 10% of the rest for validation, rounded
    down: 1,295 / 143 / 359 images, every class in each split in proportion.

    Args:
        seed: seed of the split.

    Returns:
        ``Digits`` from source ``"digits"``.
    """
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError:
        raise DataUnavailableError(
            _("the offline digits need scikit-learn: pip install keras-recipes[digits]")
        ) from None
    bunch = sklearn_digits()
    small = bunch.images.astype(np.float32) / 16.0  # (1797, 8, 8), values 0..16
    images = resize(small[..., None], (SIDE, SIDE))[..., 0]
    labels = bunch.target.astype(np.int32)
    rest, test = _hold_out(np.arange(len(labels)), labels, TEST_FRACTION, seed=seed)
    train, validation = _hold_out(rest, labels[rest], VALIDATION_FRACTION, seed=seed + 1)
    return Digits(
        "digits",
        Split(images[train], labels[train]),
        Split(images[validation], labels[validation]),
        Split(images[test], labels[test]),
    )


class MnistUnreachableError(DataUnavailableError):
    """MNIST is not cached and cannot be downloaded now."""


def mnist_cache_path(cache_dir: str | os.PathLike[str] | None = None) -> str:
    """Where ``keras.utils.get_file`` keeps ``mnist.npz``: ``<cache_dir>/datasets/mnist.npz``.

    Args:
        cache_dir: the folder passed to ``get_file``; by default the Keras home,
            ``$KERAS_HOME`` or ``~/.keras`` as Keras read it at import, where
            ``keras.datasets.mnist`` caches the same file. Asking for the
            default imports TensorFlow.
    """
    return os.path.join(_cache_dir(cache_dir), "datasets", "mnist.npz")


def _cache_dir(cache_dir: str | os.PathLike[str] | None) -> str:
    if cache_dir is None:
        from keras_recipes._keras import keras

        # get_file's own default, fixed when Keras is imported; it has no public accessor.
        cache_dir = keras.src.backend.config.keras_home()
    return os.path.expanduser(cache_dir)


def load_mnist(
    *,
    seed: int = 0,
    origin: str = MNIST_ORIGIN,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float = MNIST_TIMEOUT_S,
    file_hash: str = MNIST_SHA256,
) -> Digits:
    """MNIST's 60,000 training images (10% held out for validation) and 10,000 test images.

    Args:
        seed: seed of the validation split.
        origin: where to download ``mnist.npz`` from when it is not cached.
        cache_dir: the folder to cache it in (see ``mnist_cache_path``).
        timeout: seconds allowed to reach ``origin``, and for the download to
            bring more bytes.
        file_hash: SHA-256 the file must have; a cached file that differs is
            downloaded again.

    Returns:
        ``Digits`` from source ``"mnist"``.

    Raises:
        MnistUnreachableError: not cached, and ``origin`` cannot be reached or
            the download fails.
    """
    home = _cache_dir(cache_dir)
    if not os.path.exists(mnist_cache_path(home)):
        _check_reachable(origin, timeout)  # offline: fail at once, before Keras prints a line
    path = _get_file(origin, home, file_hash, timeout)
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train = f["x_train"], f["y_train"]
        x_test, y_test = f["x_test"], f["y_test"]
    indices = np.arange(len(y_train))
    train, validation = _hold_out(indices, y_train, VALIDATION_FRACTION, seed=seed)

    def split(x: np.ndarray, y: np.ndarray) -> Split:
        return Split((x / np.float32(255.0)).astype(np.float32), y.astype(np.int32))

    return Digits(
        "mnist",
        split(x_train[train], y_train[train]),
        split(x_train[validation], y_train[validation]),
        split(x_test, y_test),
    )


def _check_reachable(url: str, timeout: float) -> None:
    """Raises ``MnistUnreachableError`` unless a TCP connection to ``url``'s host opens in time."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    outcome: list[BaseException | None] = []

    def connect() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            outcome.append(None)
        except OSError as error:
            outcome.append(error)

    # Name resolution ignores socket timeouts, so the whole probe runs in a
    # thread that is abandoned when the time is up.
    probe = threading.Thread(target=connect, daemon=True)
    probe.start()
    probe.join(timeout)
    if not outcome:
        raise MnistUnreachableError(
            _("{host}:{port} did not answer within {timeout} s").format(
                host=host, port=port, timeout=f"{timeout:g}"
            )
        )
    if outcome[0] is not None:
        raise MnistUnreachableError(
            _("{host}:{port} unreachable: {reason}").format(
                host=host, port=port, reason=os_reason(outcome[0])
            )
        )


def _get_file(origin: str, cache_dir: str, file_hash: str, timeout: float) -> str:
    """``keras.utils.get_file`` for ``mnist.npz``, given up when no byte arrives for ``timeout`` s.

    Keras' download has no timeout of its own: a server that stops sending
    would hold it for ever. Giving it one through ``socket.setdefaulttimeout``
    would change every socket of the process, TensorFlow's threads' included,
    so the download runs in a thread of its own, abandoned when its file stops
    growing.
    """
    from keras_recipes._keras import keras

    outcome: list[str | Exception] = []

    def fetch() -> None:
        try:
            outcome.append(
                keras.utils.get_file(
                    fname="mnist.npz", origin=origin, file_hash=file_hash, cache_dir=cache_dir
                )
            )
        except Exception as error:  # Keras wraps every fetch failure in a bare Exception
            outcome.append(error)

    target = mnist_cache_path(cache_dir)
    download = threading.Thread(target=fetch, daemon=True)
    download.start()
    before = size = _size(target)
    while True:
        download.join(timeout)
        if outcome:
            break
        now = _size(target)
        if now == size:
            if now != before:  # a download cut short; Keras removes it only when one fails
                with contextlib.suppress(OSError):
                    os.remove(target)
            raise MnistUnreachableError(
                _("download from {origin} failed: no data for {timeout} s").format(
                    origin=origin, timeout=f"{timeout:g}"
                )
            )
        size = now
    if isinstance(outcome[0], Exception):
        raise MnistUnreachableError(
            _("download from {origin} failed: {error}").format(origin=origin, error=outcome[0])
        ) from None
    return outcome[0]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return -1


def _hold_out(
    indices: np.ndarray, labels: np.ndarray, fraction: float, *, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """``indices`` split in two: the rest, then ``fraction`` of them (rounded down) held out.

    Every class keeps its share in both parts (``train_test_split(stratify=...)``),
    each part shuffled with ``seed``.
    """
    try:
        from sklearn.model_selection import train_test_split
    except ImportError:
        raise DataUnavailableError(
            _("splitting the data needs scikit-learn: pip install keras-recipes[digits]")
        ) from None
    held_out = int(len(indices) * fraction)
    rest, out = train_test_split(indices, test_size=held_out, stratify=labels, random_state=seed)
    return rest, out


# ---------------------------------------------------------------- shaping


def resize(images: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Bilinear resize of (N, H, W, C) images; values stay within the input's range.

    Bilinear keeps the strokes smooth where nearest-neighbour would show the
    8x8 digits' blocks, and, unlike bicubic, never overshoots [0, 1]. TensorFlow
    does it for both sources and every size without another dependency;
    antialiasing matters only when shrinking, and keeps that smooth too.
    """
    from keras_recipes._keras import tf

    out = tf.image.resize(images, size, method="bilinear", antialias=True)
    return np.asarray(out.numpy(), dtype=np.float32)


# Each training digit is also used moved one pixel up, down, left and right.
SHIFTS = ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1))


def shifted(split: Split) -> Split:
    """The split five times over: as it is, and each image moved one pixel four ways.

    1,295 training digits are few for models of a few hundred thousand
    weights; the shifted copies teach them that a digit one pixel off is the
    same digit (the CNNs gain about two points of test accuracy). Pixels moved
    in at the edge are black; those moved out are lost, mostly background.
    """
    copies = []
    for dy, dx in SHIFTS:
        moved = np.zeros_like(split.images)
        height, width = split.images.shape[1:]
        moved[:, max(dy, 0) : height + min(dy, 0), max(dx, 0) : width + min(dx, 0)] = split.images[
            :, max(-dy, 0) : height + min(-dy, 0), max(-dx, 0) : width + min(-dx, 0)
        ]
        copies.append(moved)
    return Split(np.concatenate(copies), np.tile(split.labels, len(SHIFTS)))


def tint(images: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Colours (N, H, W, 1) gray digits: each gets its own ink colour, bright on black.

    The colours are drawn with ``seed``, at least 0.3 per channel so no digit
    disappears; the network has to recognise the shape whatever its colour.
    """
    rng = np.random.default_rng(seed)
    ink = rng.uniform(0.3, 1.0, size=(len(images), 1, 1, 3)).astype(np.float32)
    return images * ink


def specs_of(model: keras.Model) -> tuple[tuple[TensorSpec, ...], tuple[TensorSpec, ...]]:
    """A built model's inputs and outputs as ``TensorSpec`` (what ``Recipe`` holds)."""

    def spec(tensor: Any, name: str) -> TensorSpec:
        return TensorSpec(name, tuple(tensor.shape), "")

    inputs = tuple(spec(t, t.name) for t in model.inputs)
    # A Sequential model has no output_names: its one output is its last layer.
    names = getattr(model, "output_names", None) or [model.layers[-1].name]
    outputs = tuple(spec(t, name) for t, name in zip(model.outputs, names, strict=True))
    return inputs, outputs


def digit_input(images: np.ndarray, shape: Sequence[int | None], *, seed: int = 0) -> np.ndarray:
    """28x28 digits (N, 28, 28) shaped as one input of shape ``(None, ...)``.

    - 784 values in any arrangement -- (784,), (28, 28, 1), (784, 1) pixels one
      per time step, (28, 28) rows one per time step -- is a reshape, row
      after row.
    - (H, W, 1) of another size is the digit resized; (H, W, 3) is it resized
      and tinted (see ``tint``).

    Args:
        images: (N, 28, 28) in [0, 1].
        shape: the input's shape, with or without the batch axis ``None``.
        seed: seed of the tint of colour inputs.

    Returns:
        float32 array of shape (N, *shape).

    Raises:
        ValueError: a shape no digit can be made into (see ``sample_shape``).
    """
    per_sample = sample_shape(shape)
    n = len(images)
    if prod(per_sample) == SIDE * SIDE:
        return images.reshape((n, *per_sample))
    height, width, channels = per_sample
    enlarged = resize(images[..., None], (height, width))
    return enlarged if channels == 1 else tint(enlarged, seed=seed)


def sample_shape(shape: Sequence[int | None]) -> tuple[int, ...]:
    """One sample's shape for an input of shape ``shape``, if a 28x28 digit can be made into it.

    Checked on the shape alone, so a model no digit can feed is refused before
    any data is loaded.

    Args:
        shape: the input's shape, with or without the batch axis ``None``.

    Returns:
        The shape without the batch axis, e.g. ``(28, 28, 1)``.

    Raises:
        ValueError: an axis of unknown size, or a shape that is neither 784
            values nor an (height, width, 1 or 3) image.
    """
    dims = shape[1:] if shape and shape[0] is None else shape
    if any(d is None for d in dims):
        raise ValueError(
            _("an input of shape {shape} has an unknown size: digits need fixed sizes").format(
                shape=tuple(shape)
            )
        )
    per_sample = tuple(int(d) for d in dims if d is not None)
    if prod(per_sample) == SIDE * SIDE or (len(per_sample) == 3 and per_sample[2] in (1, 3)):
        return per_sample
    raise ValueError(
        _(
            "an input of shape {shape} cannot be made from a 28x28 digit: expected 784 values "
            "in any arrangement, or an (height, width, 1 or 3) image"
        ).format(shape=per_sample)
    )


def sample_bytes(specs: Sequence[TensorSpec]) -> int:
    """Bytes of one sample's inputs as ``inputs_for`` makes them (float32), from shapes alone."""
    return sum(prod(sample_shape(spec.shape)) * np.dtype(np.float32).itemsize for spec in specs)


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
    """The labels shaped for each output: one array, or a dict keyed by output name.

    An output (None, classes) gets the label of each image, shape (N,). An
    output (None, steps, classes) over a sequence input of as many steps gets
    the image's label at every step, shape (N, steps): a per-step prediction
    that is scored against the digit it is reading.

    Raises:
        TargetShapeError: an output whose predictions do not map onto images or
            time steps (the article's CNN, one prediction per cell of a 4x4 map);
            which outputs take a label is the registry's rule (``registry.untrainable``).
    """
    shape = registry.untrainable_output(input_specs, specs)
    if shape is not None:
        raise TargetShapeError(
            _(
                "a model that outputs {shape}: one prediction per {cells} cell, not per image; "
                "per-image labels of shape (N,) cannot be fitted"
            ).format(**registry.untrainable_fields(shape))
        )
    targets = {}
    for spec in specs:
        steps = spec.shape[1] if len(spec.shape) == 3 else None  # known: checked just above
        targets[spec.name] = labels if steps is None else np.repeat(labels[:, None], steps, axis=1)
    return targets[specs[0].name] if len(specs) == 1 else targets


class TargetShapeError(ValueError):
    """An output that no per-image label can train."""


def shapes(arrays: np.ndarray | Mapping[str, np.ndarray]) -> Any:
    """Shapes of an array or of each array in a dict, for messages and tests."""
    if isinstance(arrays, Mapping):
        return {name: a.shape for name, a in arrays.items()}
    return arrays.shape


# ---------------------------------------------------------------- a line, for the Sequential model

LINE_SLOPE, LINE_INTERCEPT, LINE_NOISE = 2.0, 1.0, 0.1
LINE_SIZES = (4096, 512, 512)  # train, validation, test


@dataclass(frozen=True)
class Line:
    """Noisy points of y = 2x + 1, x uniform in [-1, 1]: x and y are (N, 1) float32."""

    x: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.x)

    def take(self, count: int) -> Line:
        return Line(self.x[:count], self.y[:count])


def load_line(*, seed: int = 0) -> tuple[Line, Line, Line]:
    """Train, validation and test points of y = 2x + 1 with Gaussian noise (sd 0.1).

    A model of one number in, one number out, such as the article's Sequential
    model, is a linear regression, not a digit classifier: this is the
    smallest honest task for it. Its best test mean squared error is the
    noise variance, about 0.01.
    """
    rng = np.random.default_rng(seed)
    parts = []
    for size in LINE_SIZES:
        x = rng.uniform(-1.0, 1.0, size=(size, 1)).astype(np.float32)
        noise = rng.normal(0.0, LINE_NOISE, size=(size, 1)).astype(np.float32)
        parts.append(Line(x, LINE_SLOPE * x + LINE_INTERCEPT + noise))
    return parts[0], parts[1], parts[2]
