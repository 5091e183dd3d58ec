"""Checks for builder arguments, so a learner's mistake reads as a sentence.

Each check raises ``ValueError`` naming the builder, the argument, the value
received, why it cannot work and what would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from keras_recipes.arithmetic import conv_output, pool_output

Pair = tuple[int, int]


def _fail(builder: str, argument: str, value: Any, why: str) -> ValueError:
    return ValueError(f"{builder}(): {argument}={value!r} is not usable: {why}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def positive_int(builder: str, argument: str, value: Any) -> int:
    if not _is_int(value) or value < 1:
        raise _fail(builder, argument, value, "expected a whole number of at least 1")
    return value


def positive_ints(
    builder: str, argument: str, value: Any, length: int | None = None
) -> tuple[int, ...]:
    """A non-empty tuple of positive ints (one per layer or branch)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise _fail(builder, argument, value, "expected a tuple of whole numbers, e.g. (64, 32)")
    if not value or not all(_is_int(v) and v >= 1 for v in value):
        raise _fail(
            builder, argument, value, "expected a non-empty tuple of whole numbers of at least 1"
        )
    if length is not None and len(value) != length:
        raise _fail(builder, argument, value, f"expected {length} values, got {len(value)}")
    return tuple(value)


def input_shape(
    builder: str, argument: str, value: Any, rank: int, meaning: str
) -> tuple[int, ...]:
    """A shape without the batch axis, e.g. (28, 28, 1)."""
    if (
        isinstance(value, (str, bytes))
        or not isinstance(value, Sequence)
        or len(value) != rank
        or not all(_is_int(v) and v >= 1 for v in value)
    ):
        raise _fail(
            builder,
            argument,
            value,
            f"expected {rank} positive whole number(s), {meaning}, without the batch axis",
        )
    return tuple(value)


def window(builder: str, argument: str, value: Any) -> Pair:
    """A kernel or pool size: one int for a square, or (height, width)."""
    if _is_int(value) and value >= 1:
        return (value, value)
    if (
        isinstance(value, Sequence)
        and not isinstance(value, (str, bytes))
        and len(value) == 2
        and all(_is_int(v) and v >= 1 for v in value)
    ):
        return (value[0], value[1])
    raise _fail(builder, argument, value, "expected a whole number >= 1 or a (height, width) pair")


def conv_fits(
    builder: str, argument: str, value: Any, kernel: Pair, size: Pair, layer: str
) -> Pair:
    """The map left after a valid convolution; refuses a kernel bigger than the map."""
    if kernel[0] > size[0] or kernel[1] > size[1]:
        raise _fail(
            builder,
            argument,
            value,
            f"layer {layer!r} meets a {size[0]}x{size[1]} feature map, "
            f"smaller than its {kernel[0]}x{kernel[1]} kernel; use a kernel of at most "
            f"{size[0]}x{size[1]} or a larger input",
        )
    return (conv_output(size[0], kernel[0]), conv_output(size[1], kernel[1]))


def pool_fits(builder: str, argument: str, value: Any, pool: Pair, size: Pair, layer: str) -> Pair:
    """The map left after max pooling; refuses a pool bigger than the map."""
    if pool[0] > size[0] or pool[1] > size[1]:
        raise _fail(
            builder,
            argument,
            value,
            f"layer {layer!r} meets a {size[0]}x{size[1]} feature map, "
            f"smaller than its {pool[0]}x{pool[1]} pool; use a pool of at most "
            f"{size[0]}x{size[1]} or a larger input",
        )
    return (pool_output(size[0], pool[0]), pool_output(size[1], pool[1]))


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
            "not a Keras activation; try 'relu', 'tanh', 'sigmoid', 'softmax' or None",
        ) from None
    return value


def classifier(
    builder: str, num_classes: Any, hidden_activation: Any, output_activation: Any
) -> None:
    """The arguments every classifier builder shares: class count and both activations."""
    positive_int(builder, "num_classes", num_classes)
    activation(builder, "hidden_activation", hidden_activation)
    activation(builder, "output_activation", output_activation)
    output_head(builder, num_classes, output_activation)


def output_head(builder: str, num_classes: int, output_activation: Any) -> None:
    """Refuses a softmax over a single unit, which always outputs 1.0."""
    if num_classes == 1 and output_activation == "softmax":
        raise _fail(
            builder,
            "output_activation",
            output_activation,
            "a softmax over num_classes=1 always outputs 1.0; "
            "use output_activation='sigmoid' for a binary output",
        )
