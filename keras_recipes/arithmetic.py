"""Shapes and parameter counts of the layers the recipes use, as plain formulas.

No TensorFlow here: the builders use these to refuse impossible arguments
before Keras sees them, and ``explain`` uses them to show a learner where each
figure of a summary comes from. The ``*_worked`` functions return a
``Worked``: the number together with the arithmetic written out, e.g.
``in x units + units = 784 x 512 + 512 = 401,920`` (printed with real
multiplication and minus signs). The number is computed from the arguments,
never read back from the text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from keras_recipes.i18n import _

TIMES = "\u00d7"  # the multiplication sign
MINUS = "\u2212"  # a real minus sign, not a hyphen

PADDINGS = ("valid", "same")


def number(value: int) -> str:
    """``value`` with thousands separators: 401920 -> ``401,920``."""
    return f"{value:,}"


_BYTE_UNITS = ("bytes", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")


def byte_size(count: int) -> str:
    """A number of bytes in decimal units: 31,400,040,000 -> ``31.4 GB``, 512 -> ``512 bytes``."""
    if count < 1000:
        return _("{count} bytes").format(count=count)
    power = min((len(str(count)) - 1) // 3, len(_BYTE_UNITS) - 1)
    return f"{count / 1000**power:,.1f} {_BYTE_UNITS[power]}"


def _product(values: Sequence[int]) -> str:
    return TIMES.join(number(v) for v in values)


@dataclass(frozen=True)
class Worked:
    """A number and the arithmetic that gives it, as a learner would write it down.

    ``text`` reads ``rule = numbers = value``, e.g.
    ``in x units + units = 784 x 512 + 512 = 401,920``.
    """

    value: int
    text: str

    def __str__(self) -> str:
        return self.text


def _worked(value: int, *steps: str) -> Worked:
    # Drops a step that says no more than the one before it or the result.
    shown: list[str] = []
    for step in steps:
        if step and step not in shown and step != number(value):
            shown.append(step)
    return Worked(value, " = ".join([*shown, number(value)]))


def _no_bias(rule: str) -> str:
    return _("{rule} (no bias)").format(rule=rule)


def _check_padding(padding: str) -> None:
    if padding not in PADDINGS:
        raise ValueError(
            _("padding={value}: expected one of {choices}").format(
                value=repr(padding), choices=", ".join(PADDINGS)
            )
        )


# ---------------------------------------------------------------- output sizes


def conv_output(size: int, kernel: int, stride: int = 1, padding: str = "valid") -> int:
    """Length of one spatial axis after a convolution.

    Args:
        size: length of the axis going in.
        kernel: the kernel's length along it.
        stride: step between two kernel positions.
        padding: ``"valid"`` (the kernel stays inside) or ``"same"`` (zeros
            around the edge so that only the stride shrinks the axis).

    Returns:
        ``floor((size - kernel) / stride) + 1`` for valid padding,
        ``ceil(size / stride)`` for same padding.
    """
    _check_padding(padding)
    if padding == "same":
        return -(-size // stride)
    return (size - kernel) // stride + 1


def pool_output(size: int, pool: int, stride: int | None = None, padding: str = "valid") -> int:
    """Length of one spatial axis after pooling; the stride defaults to the pool.

    Args:
        size: length of the axis going in.
        pool: the pooling window's length along it.
        stride: step between two windows; ``None`` means the window's length.
        padding: ``"valid"`` or ``"same"``, as for ``conv_output``.

    Returns:
        The length of the axis coming out (``size // pool`` in the default case).
    """
    return conv_output(size, pool, pool if stride is None else stride, padding)


def conv_output_worked(size: int, kernel: int, stride: int = 1, padding: str = "valid") -> Worked:
    """``conv_output`` with its arithmetic, e.g. ``in - k + 1 = 28 - 4 + 1 = 25``."""
    value = conv_output(size, kernel, stride, padding)
    if padding == "same":
        if stride == 1:
            return _worked(value, _("same padding keeps in"))
        return _worked(value, f"ceil(in / stride) = ceil({number(size)} / {stride})")
    if stride == 1:
        return _worked(value, f"in {MINUS} k + 1", f"{number(size)} {MINUS} {kernel} + 1")
    return _worked(
        value,
        f"floor((in {MINUS} k) / stride) + 1",
        f"floor(({number(size)} {MINUS} {kernel}) / {stride}) + 1",
    )


def pool_output_worked(
    size: int, pool: int, stride: int | None = None, padding: str = "valid"
) -> Worked:
    """``pool_output`` with its arithmetic, e.g. ``floor(in / pool) = floor(25 / 2) = 12``."""
    stride = pool if stride is None else stride
    value = pool_output(size, pool, stride, padding)
    if padding == "valid" and stride == pool:
        # floor((in - p) / p) + 1 is floor(in / p): the form a learner expects.
        return _worked(value, "floor(in / pool)", f"floor({number(size)} / {pool})")
    if padding == "same":
        return conv_output_worked(size, pool, stride, padding)
    return _worked(
        value,
        f"floor((in {MINUS} pool) / stride) + 1",
        f"floor(({number(size)} {MINUS} {pool}) / {stride}) + 1",
    )


def conv_transpose_output(size: int, kernel: int, stride: int = 1, padding: str = "valid") -> int:
    """Length of one spatial axis after a transposed convolution (no output padding).

    Args:
        size: length of the axis going in.
        kernel: the kernel's length along it.
        stride: how far apart two input positions land in the output.
        padding: ``"valid"`` or ``"same"``, as for ``conv_output``.

    Returns:
        ``in x stride + max(k - stride, 0)`` for valid padding (``in + k - 1``
        at stride 1), ``in x stride`` for same padding.
    """
    _check_padding(padding)
    if padding == "same":
        return size * stride
    return size * stride + max(kernel - stride, 0)


def conv_transpose_output_worked(
    size: int, kernel: int, stride: int = 1, padding: str = "valid"
) -> Worked:
    """``conv_transpose_output`` with its arithmetic, e.g. ``in + k - 1 = 4 + 3 - 1 = 6``."""
    value = conv_transpose_output(size, kernel, stride, padding)
    if padding == "same":
        if stride == 1:
            return _worked(value, _("same padding keeps in"))
        return _worked(value, f"in{TIMES}stride", f"{number(size)}{TIMES}{stride}")
    if stride == 1:
        return _worked(value, f"in + k {MINUS} 1", f"{number(size)} + {kernel} {MINUS} 1")
    return _worked(
        value,
        f"in{TIMES}stride + max(k {MINUS} stride, 0)",
        f"{number(size)}{TIMES}{stride} + max({kernel} {MINUS} {stride}, 0)",
    )


def upsampling_output_worked(size: int, factor: int) -> Worked:
    """Length of one axis after UpSampling, each entry repeated ``factor`` times: ``8 x 3 = 24``."""
    return _worked(size * factor, f"{number(size)}{TIMES}{factor}")


def flatten_worked(dims: Sequence[int]) -> Worked:
    """Features after Flatten: the product of the axes, e.g. ``4 x 4 x 64 = 1,024``."""
    return _worked(math.prod(dims), _product(dims))


def concatenate_worked(sizes: Sequence[int]) -> Worked:
    """Length of the joined axis: the sum of the parts, e.g. ``10 + 16 = 26``."""
    return _worked(sum(sizes), " + ".join(number(s) for s in sizes))


# ---------------------------------------------------------------- parameter counts


def dense_params(inputs: int, units: int, use_bias: bool = True) -> Worked:
    """A Dense layer: one weight per input and unit, plus one bias per unit.

    Args:
        inputs: length of the last axis going in.
        units: the layer's units.
        use_bias: whether the layer has a bias vector.

    Returns:
        ``in x units + units`` (``in x units`` without bias), worked.
    """
    if use_bias:
        return _worked(
            inputs * units + units,
            f"in{TIMES}units + units",
            f"{number(inputs)}{TIMES}{number(units)} + {number(units)}",
        )
    return _worked(
        inputs * units, _no_bias(f"in{TIMES}units"), f"{number(inputs)}{TIMES}{number(units)}"
    )


_KERNEL_AXES = {1: ("k",), 2: ("kh", "kw"), 3: ("kd", "kh", "kw")}


def conv_params(
    kernel: Sequence[int], in_channels: int, filters: int, use_bias: bool = True
) -> Worked:
    """A convolution: every filter has a weight per kernel cell and input channel, and a bias.

    Args:
        kernel: the kernel's size along each spatial axis, e.g. (4, 4).
        in_channels: channels of the input.
        filters: the layer's filters (its output channels).
        use_bias: whether each filter has a bias.

    Returns:
        ``kh x kw x in_channels x filters + filters`` for a 2-D kernel, worked.
    """
    axes = _KERNEL_AXES.get(len(kernel), tuple(f"k{i}" for i in range(1, len(kernel) + 1)))
    weights = math.prod(kernel) * in_channels * filters
    rule = TIMES.join([*axes, "in_channels", "filters"])
    numbers = _product([*kernel, in_channels, filters])
    if use_bias:
        return _worked(weights + filters, f"{rule} + filters", f"{numbers} + {number(filters)}")
    return _worked(weights, _no_bias(rule), numbers)


def embedding_params(input_dim: int, output_dim: int) -> Worked:
    """An Embedding: a vector of ``output_dim`` numbers for each of ``input_dim`` words.

    Args:
        input_dim: the size of the vocabulary (word indices 0 to input_dim - 1).
        output_dim: the length of each word's vector.

    Returns:
        ``input_dim x output_dim``, worked, e.g. ``10,000 x 64 = 640,000``.
    """
    return _worked(
        input_dim * output_dim,
        f"input_dim{TIMES}output_dim",
        f"{number(input_dim)}{TIMES}{number(output_dim)}",
    )


def lstm_params(units: int, input_dim: int, use_bias: bool = True) -> Worked:
    """An LSTM: four gates, each a Dense layer over [input, previous state].

    Args:
        units: the layer's units (the size of its state).
        input_dim: features per time step going in.
        use_bias: whether the gates have biases.

    Returns:
        ``4 x units x (units + input_dim + 1)``, worked (no ``+ 1`` without bias).
    """
    return _gated(4, units, input_dim, 1 if use_bias else 0)


def gru_params(
    units: int, input_dim: int, use_bias: bool = True, reset_after: bool = True
) -> Worked:
    """A GRU: three gates; with ``reset_after`` (Keras' default) each has two biases.

    Returns:
        ``3 x units x (units + input_dim + 2)`` by default, worked.
    """
    return _gated(3, units, input_dim, (2 if reset_after else 1) if use_bias else 0)


def simple_rnn_params(units: int, input_dim: int, use_bias: bool = True) -> Worked:
    """A SimpleRNN: one Dense layer over [input, previous state].

    Returns:
        ``units x (units + input_dim + 1)``, worked.
    """
    return _gated(1, units, input_dim, 1 if use_bias else 0)


def _gated(gates: int, units: int, input_dim: int, biases: int) -> Worked:
    value = gates * units * (units + input_dim + biases)
    inner_rule = ["units", "input_dim"] + ([str(biases)] if biases else [])
    inner = [number(units), number(input_dim)] + ([str(biases)] if biases else [])
    factor_rule = f"{gates}{TIMES}units" if gates > 1 else "units"
    factor = f"{gates}{TIMES}{number(units)}" if gates > 1 else number(units)
    return _worked(
        value,
        f"{factor_rule}{TIMES}({' + '.join(inner_rule)})",
        f"{factor}{TIMES}({' + '.join(inner)})",
    )


def total_worked(counts: Sequence[int]) -> Worked:
    """A model's total: the sum of its layers' counts, every term shown."""
    return Worked(sum(counts), " + ".join(number(c) for c in counts) + f" = {number(sum(counts))}")
