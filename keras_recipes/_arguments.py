"""Checks for builder arguments, so a learner's mistake reads as a sentence.

Each check raises ``ValueError`` naming the builder, the argument, the value
received, why it cannot work and what would. Whole numbers may be any integer
type (``numpy.int64(3)`` too); the checks hand them back as plain ``int``, the
form Keras is given.

Every refusal is one whole sentence of the message catalogue, with the
builder, argument and value as placeholders (``{builder}``, ``{argument}``,
``{value}``): a translation may order its words as its language does, and the
names and values stay as Python prints them.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from keras_recipes.arithmetic import (
    conv_output,
    conv_params,
    dense_params,
    lstm_params,
    number,
    pool_output,
)
from keras_recipes.i18n import N_, _, shown

Pair = tuple[int, int]

# The largest size a tensor axis takes (TensorFlow counts in int64); a larger
# number would fail inside TensorFlow as an "out-of-range integer".
LARGEST = 2**63 - 1
# Weights and inputs are float32.
BYTES_PER_NUMBER = 4


def _fail(builder: str, argument: str, value: Any, message: str, **fields: Any) -> ValueError:
    """``message``, a whole sentence marked for the catalogue, in the current language.

    Translated here, when raised, so the language chosen at that moment is the
    one the error speaks; ``fields`` fill its placeholders beside ``{builder}``,
    ``{argument}`` and ``{value}``.
    """
    return ValueError(
        _(message).format(builder=builder, argument=argument, value=shown(value), **fields)
    )


def _whole(value: Any) -> int | None:
    """``value`` as a plain int when it is a whole number of any integer type, else None."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def _counts(value: Any) -> list[int | None] | None:
    """The entries of a tuple or list as ints (None for one that is not whole); None if no tuple."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        return None
    return [_whole(v) for v in value]


def _sizes(counts: list[int | None] | None, why: str) -> list[int] | str:
    """``counts`` as sizes, or the refusal to raise: ``why``, or that one is too large."""
    if counts is None:
        return why
    if any(v is not None and v > LARGEST for v in counts):
        return TOO_LARGE
    sizes = [v for v in counts if v is not None and v >= 1]
    return sizes if len(sizes) == len(counts) else why


# Refusals shared by several checks, marked here and translated by ``_fail``.
TOO_LARGE = N_(
    "{builder}(): {argument}={value} is not usable: expected whole numbers from 1 to "
    "2**63 - 1, the most a tensor axis holds"
)
WINDOW = N_(
    "{builder}(): {argument}={value} is not usable: expected a whole number >= 1 or a "
    "(height, width) pair"
)
# The same refusals for one branch's kernel among several.
_BRANCH = {
    TOO_LARGE: N_(
        "{builder}(): {argument}={value} is not usable: branch {branch}'s kernel: expected "
        "whole numbers from 1 to 2**63 - 1, the most a tensor axis holds"
    ),
    WINDOW: N_(
        "{builder}(): {argument}={value} is not usable: branch {branch}'s kernel: expected a "
        "whole number >= 1 or a (height, width) pair"
    ),
}


def positive_int(builder: str, argument: str, value: Any) -> int:
    count = whole_number(value, 1, LARGEST)
    if count is None:
        if (_whole(value) or 0) > LARGEST:
            message = N_(
                "{builder}(): {argument}={value} is not usable: expected a whole number "
                "from 1 to 2**63 - 1"
            )
        else:
            message = N_(
                "{builder}(): {argument}={value} is not usable: expected a whole number "
                "of at least 1"
            )
        raise _fail(builder, argument, value, message)
    return count


def whole_number(value: Any, low: int, high: int) -> int | None:
    """``value`` as a plain int when it is a whole number from ``low`` to ``high``, else None.

    The one range check behind the builders', ``train``'s and the command's
    counts; each caller words its own refusal.
    """
    count = _whole(value)
    return count if count is not None and low <= count <= high else None


def positive_ints(
    builder: str, argument: str, value: Any, length: int | None = None
) -> tuple[int, ...]:
    """A non-empty tuple of positive ints (one per layer or branch)."""
    counts = _counts(value)
    if counts is None:
        raise _fail(
            builder,
            argument,
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: expected a tuple of whole "
                "numbers, e.g. (64, 32)"
            ),
        )
    why = N_(
        "{builder}(): {argument}={value} is not usable: expected a non-empty tuple of whole "
        "numbers of at least 1"
    )
    sizes = _sizes(counts, why) if counts else why
    if isinstance(sizes, str):
        raise _fail(builder, argument, value, sizes)
    if length is not None and len(sizes) != length:
        raise _fail(
            builder,
            argument,
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: expected {length} values, got {got}"
            ),
            length=length,
            got=len(sizes),
        )
    return tuple(sizes)


def input_shape(
    builder: str, argument: str, value: Any, rank: int, refusal: str
) -> tuple[int, ...]:
    """A shape without the batch axis, e.g. (28, 28, 1).

    ``refusal`` is the whole sentence, marked with ``N_``, that says what the
    ``rank`` sizes mean (``{rank}`` is filled in), e.g. ``SEQUENCE_SHAPE``.
    """
    sizes = _sizes(_counts(value), refusal)
    if isinstance(sizes, str) or len(sizes) != rank:
        why = sizes if isinstance(sizes, str) else refusal
        raise _fail(builder, argument, value, why, rank=rank)
    return tuple(sizes)


# What each kind of input shape holds, as ``input_shape`` refuses it.
FEATURES_SHAPE = N_(
    "{builder}(): {argument}={value} is not usable: expected {rank} positive whole number(s), "
    "the number of features, without the batch axis"
)
PIXELS_SHAPE = N_(
    "{builder}(): {argument}={value} is not usable: expected {rank} positive whole number(s), "
    "the pixels per image, without the batch axis"
)
IMAGE_SHAPE = N_(
    "{builder}(): {argument}={value} is not usable: expected {rank} positive whole number(s), "
    "(height, width, channels), without the batch axis"
)
SEQUENCE_SHAPE = N_(
    "{builder}(): {argument}={value} is not usable: expected {rank} positive whole number(s), "
    "(time steps, features per step), without the batch axis"
)


def _pair(value: Any) -> Pair | str:
    """A kernel or pool size as (height, width), or the reason it is not one."""
    side = _whole(value)
    sizes = _sizes([side, side] if side is not None else _counts(value), WINDOW)
    if isinstance(sizes, str):
        return sizes
    return (sizes[0], sizes[1]) if len(sizes) == 2 else WINDOW


def window(builder: str, argument: str, value: Any) -> Pair:
    """A kernel or pool size: one int for a square, or (height, width)."""
    pair = _pair(value)
    if isinstance(pair, str):
        raise _fail(builder, argument, value, pair)
    return pair


def windows(builder: str, argument: str, value: Any, branches: int) -> list[Pair]:
    """One kernel size per branch, each as ``window`` takes it."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise _fail(
            builder,
            argument,
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: expected one kernel size per "
                "branch, e.g. (4, 8)"
            ),
        )
    if len(value) != branches:
        raise _fail(
            builder,
            argument,
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: filters has {branches} "
                "branches, so {branches} kernel sizes are needed"
            ),
            branches=branches,
        )
    pairs = [_pair(one) for one in value]
    for branch, pair in enumerate(pairs, start=1):
        if isinstance(pair, str):
            raise _fail(builder, argument, value, _BRANCH[pair], branch=branch)
    return [pair for pair in pairs if not isinstance(pair, str)]


def flag(builder: str, argument: str, value: Any) -> bool:
    """True or False (NumPy's too), never a string or number that merely looks true."""
    if _is_bool(value):
        return bool(value)
    raise _fail(
        builder,
        argument,
        value,
        N_("{builder}(): {argument}={value} is not usable: expected True or False"),
    )


def blocks(builder: str, argument: str, value: Any) -> tuple[tuple[int, ...], ...]:
    """Blocks of layers, each a non-empty tuple of widths: ``((16, 32), (32, 16))``."""
    why = N_(
        "{builder}(): {argument}={value} is not usable: expected a tuple of blocks, each a "
        "non-empty tuple of whole numbers of at least 1, e.g. ((16, 32), (32, 16))"
    )
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
        raise _fail(builder, argument, value, why)
    found = []
    for block in value:
        counts = _counts(block)
        sizes = _sizes(counts, why) if counts else why
        if isinstance(sizes, str):
            raise _fail(builder, argument, value, sizes)
        found.append(tuple(sizes))
    return tuple(found)


def at_least(builder: str, argument: str, value: Any, least: int, message: str) -> int:
    """A whole number of at least ``least``; ``message`` (marked with ``N_``) says why."""
    count = whole_number(value, least, LARGEST)
    if count is None:
        if (_whole(value) or 0) > LARGEST:
            raise _fail(builder, argument, value, TOO_LARGE)
        raise _fail(builder, argument, value, message, least=least)
    return count


def rate(builder: str, argument: str, value: Any) -> float:
    """A fraction of units to drop: from 0 up to, not including, 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise _fail(
            builder,
            argument,
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: expected a fraction from 0 up "
                "to, not including, 1"
            ),
        )
    return float(value)


def layer_name(builder: str, argument: str, value: Any) -> str:
    """A name Keras takes for a layer: a non-empty string without '/'."""
    if not isinstance(value, str) or not value or "/" in value:
        raise _fail(
            builder,
            argument,
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: expected a layer name, a "
                "non-empty string without '/'"
            ),
        )
    return value


def holds(builder: str, argument: str, shape: Sequence[int], count: int) -> None:
    """Refuses a shape ``argument`` that does not hold exactly the ``count`` numbers reshaped."""
    if math.prod(shape) != count:
        raise _fail(
            builder,
            argument,
            tuple(shape),
            N_(
                "{builder}(): {argument}={value} is not usable: it holds {held} numbers, and "
                "the code reshaped to it holds {count}"
            ),
            held=number(math.prod(shape)),
            count=number(count),
        )


def _is_bool(value: Any) -> bool:
    import numpy

    return isinstance(value, (bool, numpy.bool_))


def activation(builder: str, argument: str, value: Any) -> str | Callable[..., Any] | None:
    """A Keras activation name (``"relu"``), a callable, or None for linear."""
    from keras_recipes._keras import keras

    if value is None or callable(value):
        return value
    try:
        keras.activations.get(value)
    except (ValueError, TypeError):
        raise _fail(
            builder,
            argument,
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: not a Keras activation; try "
                "'relu', 'tanh', 'sigmoid', 'softmax' or None"
            ),
        ) from None
    return value


def classifier(
    builder: str, num_classes: Any, hidden_activation: Any, output_activation: Any
) -> int:
    """The arguments every classifier builder shares; returns ``num_classes`` as an int."""
    classes = positive_int(builder, "num_classes", num_classes)
    activation(builder, "hidden_activation", hidden_activation)
    activation(builder, "output_activation", output_activation)
    output_head(builder, classes, output_activation)
    return classes


def output_head(builder: str, num_classes: int, output_activation: Any) -> None:
    """Refuses a softmax over a single unit, which always outputs 1.0."""
    if num_classes == 1 and output_activation == "softmax":
        raise _fail(
            builder,
            "output_activation",
            output_activation,
            N_(
                "{builder}(): {argument}={value} is not usable: a softmax over num_classes=1 "
                "always outputs 1.0; use output_activation='sigmoid' for a binary output"
            ),
        )


def seed(builder: str, value: Any) -> int | None:
    """None, or a seed NumPy takes: a whole number from 0 to 2**32 - 1."""
    if value is None:
        return None
    count = _whole(value)
    if count is None or not 0 <= count <= 2**32 - 1:
        raise _fail(
            builder,
            "seed",
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: expected a whole number from 0 "
                "to 2**32 - 1 (NumPy's), or None"
            ),
        )
    return count


# ---------------------------------------------------------------- compile settings


def _keras_knows(get: Callable[[Any], Any], value: Any) -> bool:
    """Whether a Keras lookup (``keras.optimizers.get``, ``keras.metrics.get``) takes ``value``."""
    try:
        return get(value) is not None
    except (ValueError, TypeError):
        return False


def optimizer(builder: str, value: Any) -> None:
    """A Keras optimizer name (``"adam"``), config or instance; not None, which cannot train."""
    from keras_recipes._keras import keras

    if not _keras_knows(keras.optimizers.get, value):
        raise _fail(
            builder,
            "optimizer",
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: not a Keras optimizer; try "
                "'adam', 'sgd' or 'rmsprop'"
            ),
        )


def loss(builder: str, value: Any, outputs: Sequence[str]) -> None:
    """One loss for every output, or a dict with one per output (None: no loss there)."""
    from keras_recipes._keras import keras

    if isinstance(value, dict) and set(value) != set(outputs):
        raise _fail(
            builder,
            "loss",
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: a dict of losses needs exactly "
                "one entry per output, keyed {outputs}"
            ),
            outputs=sorted(outputs),
        )
    for one in value.values() if isinstance(value, dict) else [value]:
        try:
            keras.losses.get(one)
        except (ValueError, TypeError):
            if one is value:
                message = N_(
                    "{builder}(): {argument}={value} is not usable: not a Keras loss; try "
                    "'sparse_categorical_crossentropy', 'binary_crossentropy' or "
                    "'mean_squared_error'"
                )
            else:
                message = N_(
                    "{builder}(): {argument}={value} is not usable: {loss} is not a Keras "
                    "loss; try 'sparse_categorical_crossentropy', 'binary_crossentropy' or "
                    "'mean_squared_error'"
                )
            raise _fail(builder, "loss", value, message, loss=shown(one)) from None


def metrics(builder: str, value: Any, outputs: Sequence[str]) -> None:
    """Refuses at build time a metric Keras would only reject at the first ``fit``.

    Accepts what ``Model.compile`` takes: a list of metrics, a dict keyed by
    output name, or (for several outputs) a list with one entry per output;
    an entry for one output is a metric, a list of metrics or None.
    """
    if value is None:
        return
    if isinstance(value, dict):
        unknown = [key for key in value if key not in outputs]
        if unknown:
            raise _fail(
                builder,
                "metrics",
                value,
                N_(
                    "{builder}(): {argument}={value} is not usable: {key} is not an output; "
                    "the outputs are {outputs}"
                ),
                key=shown(unknown[0]),
                outputs=list(outputs),
            )
        per_output = list(value.values())
    elif isinstance(value, (list, tuple)) and len(outputs) == 1:
        per_output = [value]
    elif isinstance(value, (list, tuple)) and len(value) == len(outputs):
        per_output = list(value)
    else:
        if len(outputs) == 1:
            message = N_(
                "{builder}(): {argument}={value} is not usable: expected a list of metrics, "
                "e.g. ['accuracy']"
            )
        else:
            message = N_(
                "{builder}(): {argument}={value} is not usable: expected a dict keyed by "
                "output ({outputs}) or a list with one entry per output"
            )
        raise _fail(builder, "metrics", value, message, outputs=", ".join(outputs))
    for entry in per_output:
        if entry is None and len(outputs) > 1:
            continue  # no metric for that output
        for one in entry if isinstance(entry, (list, tuple)) else [entry]:
            _metric(builder, value, one)


def _metric(builder: str, value: Any, one: Any) -> None:
    from keras_recipes._keras import keras

    # Keras picks the accuracy that fits the labels for these two names.
    if isinstance(one, str) and one.lower() in ("accuracy", "acc"):
        return
    if not _keras_knows(keras.metrics.get, one):
        raise _fail(
            builder,
            "metrics",
            value,
            N_(
                "{builder}(): {argument}={value} is not usable: {metric} is not a Keras "
                "metric; try 'accuracy', 'mae' or 'sparse_top_k_categorical_accuracy'"
            ),
            metric=shown(one),
        )


def steps_and_jit(builder: str, steps_per_execution: Any, jit_compile: Any) -> tuple[int, Any]:
    """``steps_per_execution`` as an int, and ``jit_compile`` as True, False or ``"auto"``."""
    steps = positive_int(builder, "steps_per_execution", steps_per_execution)
    if isinstance(jit_compile, str) and jit_compile == "auto":
        return steps, "auto"
    if _is_bool(jit_compile):
        return steps, bool(jit_compile)
    raise _fail(
        builder,
        "jit_compile",
        jit_compile,
        N_("{builder}(): {argument}={value} is not usable: expected True, False or 'auto'"),
    )


# ---------------------------------------------------------------- memory


# A window larger than the feature map it meets, by the window's kind.
_TOO_SMALL = {
    "kernel": N_(
        "{builder}(): {argument}={value} is not usable: layer {layer} meets a {height}x{width} "
        "feature map, smaller than its {window} kernel; use a kernel of at most "
        "{height}x{width} or a larger input"
    ),
    "pool": N_(
        "{builder}(): {argument}={value} is not usable: layer {layer} meets a {height}x{width} "
        "feature map, smaller than its {window} pool; use a pool of at most {height}x{width} "
        "or a larger input"
    ),
}


@dataclass(frozen=True)
class Size:
    """A length a model's weights grow with, and the builder argument that sets it."""

    length: int
    argument: str
    value: Any


def _largest(*sizes: Size) -> Size:
    return max(sizes, key=lambda size: size.length)


@dataclass(frozen=True)
class Tensor:
    """A tensor as ``Weights`` follows it: its last axis and, for an image, its feature map."""

    features: Size
    source: str  # the input argument whose shape sets the map's size
    map: Pair | None = None  # (height, width)


class Weights:
    """A model's weights, counted layer by layer before Keras creates any layer.

    A builder tallies each layer with the package's formulas (``arithmetic``),
    naming the argument that sizes it; ``check`` then refuses a model whose
    float32 weights alone would not fit in this machine's memory
    (``memory_bytes``), blaming the argument that sizes its largest layer, and
    one whose single sample of input would not. The optimizer's state is not
    counted: it exists only once training starts (Adam's two slots triple the
    weights), and a model that can be built can still be summarised, explained
    and drawn.

    Args:
        builder: the builder's name, for messages.
        arguments: the builder's arguments as given, to name in a refusal.
        ready: called once ``check`` passes, right before the builder makes layers.
    """

    def __init__(
        self, builder: str, arguments: Mapping[str, Any], ready: Callable[[], None] = lambda: None
    ) -> None:
        self.builder = builder
        self.arguments = arguments
        self.ready = ready
        self.params = 0
        self.values = 0  # numbers in one sample of the inputs
        self._largest_layer = 0
        self._blamed: Size | None = None
        self._largest_input: Size | None = None

    def _size(self, argument: str, length: int) -> Size:
        return Size(length, argument, self.arguments[argument])

    def _add(self, params: int, *sizes: Size) -> None:
        self.params += params
        if params > self._largest_layer:
            self._largest_layer, self._blamed = params, _largest(*sizes)

    def input(self, argument: str, shape: Sequence[int]) -> Tensor:
        """One input, ``shape`` without the batch axis; an image's starts a feature map."""
        values = math.prod(shape)
        self.values += values
        if self._largest_input is None or values > self._largest_input.length:
            self._largest_input = self._size(argument, values)
        image = (shape[0], shape[1]) if len(shape) == 3 else None
        return Tensor(self._size(argument, shape[-1]), argument, image)

    def dense(self, x: Tensor, argument: str, units: int) -> Tensor:
        """A Dense layer (applied to the last axis, as at every time step or map cell)."""
        size = self._size(argument, units)
        self._add(dense_params(x.features.length, units).value, x.features, size)
        return replace(x, features=size)

    def lstm(self, x: Tensor, argument: str, units: int) -> Tensor:
        """An LSTM layer."""
        size = self._size(argument, units)
        self._add(lstm_params(units, x.features.length).value, x.features, size)
        return replace(x, features=size)

    def conv(
        self,
        x: Tensor,
        argument: str,
        filters: int,
        kernel_argument: str,
        kernel: Pair,
        layer: str,
        padding: str = "valid",
    ) -> Tensor:
        """A convolution named ``layer``, stride 1.

        With valid padding it refuses a kernel larger than the map it meets;
        same padding keeps the map's size.
        """
        if padding == "same":
            cells = x.map
        else:
            cells = self._fits(x, kernel_argument, kernel, layer, "kernel", conv_output)
        size = self._size(argument, filters)
        area = self._size(kernel_argument, kernel[0] * kernel[1])
        self._add(conv_params(kernel, x.features.length, filters).value, x.features, size, area)
        return Tensor(size, x.source, cells)

    def conv_transpose(
        self, x: Tensor, argument: str, filters: int, kernel_argument: str, kernel: Pair
    ) -> Tensor:
        """A transposed convolution, valid padding and stride 1: each side grows by k - 1."""
        assert x.map is not None, "only an image has a feature map"
        size = self._size(argument, filters)
        area = self._size(kernel_argument, kernel[0] * kernel[1])
        self._add(conv_params(kernel, x.features.length, filters).value, x.features, size, area)
        cells = (x.map[0] + kernel[0] - 1, x.map[1] + kernel[1] - 1)
        return Tensor(size, x.source, cells)

    @staticmethod
    def upsample(x: Tensor, size: Pair) -> Tensor:
        """UpSampling2D: each cell repeated ``size`` times along each side."""
        assert x.map is not None, "only an image has a feature map"
        return replace(x, map=(x.map[0] * size[0], x.map[1] * size[1]))

    @staticmethod
    def global_pool(x: Tensor) -> Tensor:
        """Global pooling: one number per channel, the map gone."""
        return replace(x, map=None)

    def reshape(self, x: Tensor, argument: str, shape: tuple[int, int, int]) -> Tensor:
        """A vector reshaped to a (height, width, channels) map, ``argument`` giving its shape."""
        return Tensor(self._size(argument, shape[2]), argument, (shape[0], shape[1]))

    def embedding(self, words_argument: str, words: int, dim_argument: str, dim: int) -> Tensor:
        """An Embedding: one vector of ``dim`` numbers for each of ``words`` words."""
        vocabulary, size = self._size(words_argument, words), self._size(dim_argument, dim)
        self._add(words * dim, vocabulary, size)
        return Tensor(size, words_argument)

    def pool(self, x: Tensor, argument: str, pool: Pair, layer: str) -> Tensor:
        """Max pooling named ``layer``; refuses a pool larger than the map it meets."""
        return replace(x, map=self._fits(x, argument, pool, layer, "pool", pool_output))

    def _fits(
        self,
        x: Tensor,
        argument: str,
        window: Pair,
        layer: str,
        kind: str,
        output: Callable[[int, int], int],
    ) -> Pair:
        assert x.map is not None, "only an image has a feature map"
        height, width = x.map
        if window[0] > height or window[1] > width:
            raise _fail(
                self.builder,
                argument,
                self.arguments[argument],
                _TOO_SMALL[kind],
                layer=repr(layer),
                height=height,
                width=width,
                window=f"{window[0]}x{window[1]}",
            )
        return (output(height, window[0]), output(width, window[1]))

    def flatten(self, x: Tensor) -> Tensor:
        """Flatten: the map's cells times the features, set by the larger of the two."""
        assert x.map is not None, "only an image has a feature map"
        cells = self._size(x.source, x.map[0] * x.map[1])
        largest = _largest(cells, x.features)
        features = Size(cells.length * x.features.length, largest.argument, largest.value)
        return Tensor(features, x.source)

    @staticmethod
    def concatenate(*parts: Tensor) -> Tensor:
        """Concatenate: the sum of the parts, set by the largest of them."""
        largest = _largest(*(part.features for part in parts))
        total = sum(part.features.length for part in parts)
        return Tensor(Size(total, largest.argument, largest.value), parts[0].source)

    def check(self) -> None:
        """Calls ``ready``: a builder seeds its generators there, once its arguments passed."""
        self.ready()
