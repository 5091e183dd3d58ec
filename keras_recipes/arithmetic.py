"""The layer arithmetic ``explain`` shows, as a learner would write it down.

A ``Worked`` is a number and the sum that gives it, e.g.
``inxunits + units = 784x512 + 512 = 401,920``; the number is computed from
the arguments, never read back from the text. No Keras here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from keras_recipes.i18n import _

TIMES = "\u00d7"  # the multiplication sign
MINUS = "\u2212"  # a real minus sign, not a hyphen


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


def product(values: Sequence[int]) -> str:
    """``4x4x64``."""
    return TIMES.join(number(v) for v in values)


@dataclass(frozen=True)
class Worked:
    """A number and the arithmetic that gives it: ``rule = numbers = value``."""

    value: int
    text: str

    def __str__(self) -> str:
        return self.text


def worked(value: int, *steps: str) -> Worked:
    """``value`` after ``steps``, leaving out a step that says no more than one before it."""
    shown = dict.fromkeys(step for step in steps if step != number(value))
    return Worked(value, " = ".join([*shown, number(value)]))


def total(counts: Sequence[int]) -> Worked:
    """A model's total: the sum of its layers' counts, every term shown, even a single one."""
    return Worked(sum(counts), " + ".join(number(c) for c in counts) + f" = {number(sum(counts))}")


def conv_output(size: int, kernel: int, stride: int = 1, padding: str = "valid") -> int:
    """Length of one spatial axis after a convolution: 28 -> 25 with a kernel of 4."""
    return conv_output_worked(size, kernel, stride, padding).value


def pool_output(size: int, pool: int, stride: int | None = None, padding: str = "valid") -> int:
    """Length of one spatial axis after pooling, the stride the pool's by default: 25 -> 12 by 2."""
    return conv_output_worked(size, pool, stride or pool, padding, k="pool").value


def conv_output_worked(
    size: int, kernel: int, stride: int = 1, padding: str = "valid", k: str = "k"
) -> Worked:
    """After a convolution, e.g. ``in - k + 1 = 28 - 4 + 1 = 25``; after pooling, ``k="pool"``."""
    if padding == "same":
        if stride == 1:
            return worked(size, _("same padding keeps in"))
        return worked(-(-size // stride), f"ceil(in / stride) = ceil({number(size)} / {stride})")
    # Pooling's usual case: floor((in - p) / p) + 1 is the floor(in / p) a learner expects.
    if k == "pool" and stride == kernel:
        return worked(size // kernel, "floor(in / pool)", f"floor({number(size)} / {kernel})")
    if stride == 1:
        return worked(
            size - kernel + 1, f"in {MINUS} {k} + 1", f"{number(size)} {MINUS} {kernel} + 1"
        )
    return worked(
        (size - kernel) // stride + 1,
        f"floor((in {MINUS} {k}) / stride) + 1",
        f"floor(({number(size)} {MINUS} {kernel}) / {stride}) + 1",
    )


def conv_transpose_output_worked(
    size: int, kernel: int, stride: int = 1, padding: str = "valid"
) -> Worked:
    """After a transposed convolution (no output padding), e.g. ``in + k - 1 = 4 + 3 - 1``."""
    if padding == "same":
        if stride == 1:
            return worked(size, _("same padding keeps in"))
        return worked(size * stride, f"in{TIMES}stride", f"{number(size)}{TIMES}{stride}")
    if stride == 1:
        return worked(
            size + kernel - 1, f"in + k {MINUS} 1", f"{number(size)} + {kernel} {MINUS} 1"
        )
    return worked(
        size * stride + max(kernel - stride, 0),
        f"in{TIMES}stride + max(k {MINUS} stride, 0)",
        f"{number(size)}{TIMES}{stride} + max({kernel} {MINUS} {stride}, 0)",
    )


def upsampling_output_worked(size: int, factor: int) -> Worked:
    """After UpSampling, each entry repeated ``factor`` times: ``8x3 = 24``."""
    return worked(size * factor, f"{number(size)}{TIMES}{factor}")


def _plus_bias(
    weights: int, rule: str, numbers: str, bias: int, symbol: str, use_bias: bool
) -> Worked:
    if not use_bias:
        return worked(weights, _("{rule} (no bias)").format(rule=rule), numbers)
    return worked(weights + bias, f"{rule} + {symbol}", f"{numbers} + {number(bias)}")


def dense_params(inputs: int, units: int, use_bias: bool = True) -> Worked:
    """A weight per input and unit, and a bias per unit: ``inxunits + units``."""
    rule, numbers = f"in{TIMES}units", product([inputs, units])
    return _plus_bias(inputs * units, rule, numbers, units, "units", use_bias)


def conv_params(
    kernel: Sequence[int], in_channels: int, filters: int, use_bias: bool = True
) -> Worked:
    """A weight per kernel cell, input channel and filter, and a bias per filter."""
    axes = {1: ["k"], 2: ["kh", "kw"], 3: ["kd", "kh", "kw"]}[len(kernel)]
    rule = TIMES.join([*axes, "in_channels", "filters"])
    cells = [*kernel, in_channels, filters]
    return _plus_bias(math.prod(cells), rule, product(cells), filters, "filters", use_bias)


def embedding_params(input_dim: int, output_dim: int) -> Worked:
    """A vector of ``output_dim`` numbers for each of ``input_dim`` words."""
    return worked(
        input_dim * output_dim, f"input_dim{TIMES}output_dim", product([input_dim, output_dim])
    )


def recurrent_params(gates: int, units: int, input_dim: int, biases: int) -> Worked:
    """``gates`` Dense layers over [input, previous state], each with ``biases`` bias vectors.

    An LSTM has 4 gates, a GRU 3 (2 biases each by default), a SimpleRNN 1:
    ``4 x units x (units + input_dim + 1)``.
    """
    bias = f" + {biases}" if biases else ""
    rule = f"units{TIMES}(units + input_dim{bias})"
    numbers = f"{number(units)}{TIMES}({number(units)} + {number(input_dim)}{bias})"
    if gates > 1:
        rule, numbers = f"{gates}{TIMES}{rule}", f"{gates}{TIMES}{numbers}"
    return worked(gates * units * (units + input_dim + biases), rule, numbers)
