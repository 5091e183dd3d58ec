"""The formulas behind explain, on plain numbers, as a learner would check them by hand."""

import subprocess
import sys

import pytest

from keras_recipes import arithmetic as a


def test_dense_counts_a_weight_per_input_and_unit_plus_a_bias_per_unit():
    worked = a.dense_params(784, 512)
    assert worked.value == 401_920
    assert worked.text == "in×units + units = 784×512 + 512 = 401,920"


def test_dense_without_bias_drops_the_bias_term():
    worked = a.dense_params(784, 512, use_bias=False)
    assert worked.value == 401_408
    assert worked.text == "in×units (no bias) = 784×512 = 401,408"


def test_conv2d_counts_kernel_cells_times_channels_per_filter_plus_a_bias():
    worked = a.conv_params((4, 4), 128, 64)
    assert worked.value == 131_136
    assert worked.text == "kh×kw×in_channels×filters + filters = 4×4×128×64 + 64 = 131,136"
    assert a.conv_params((3, 5), 3, 8, use_bias=False).value == 3 * 5 * 3 * 8
    assert a.conv_params((7,), 2, 4).text == "k×in_channels×filters + filters = 7×2×4 + 4 = 60"
    assert a.conv_params((2, 2, 2), 1, 1).text == (
        "kd×kh×kw×in_channels×filters + filters = 2×2×2×1×1 + 1 = 9"
    )


def test_recurrent_layers_count_their_gates():
    assert a.recurrent_params(4, 128, 1, 1).text == (
        "4×units×(units + input_dim + 1) = 4×128×(128 + 1 + 1) = 66,560"
    )
    assert a.recurrent_params(4, 32, 64, 0).text == (
        "4×units×(units + input_dim) = 4×32×(32 + 64) = 12,288"
    )
    assert a.recurrent_params(3, 16, 8, 2).value == 3 * 16 * (16 + 8 + 2)
    assert a.recurrent_params(1, 10, 3, 1).text == (
        "units×(units + input_dim + 1) = 10×(10 + 3 + 1) = 140"
    )


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "expected", "text"),
    [
        (28, 4, 1, "valid", 25, "in − k + 1 = 28 − 4 + 1 = 25"),
        (28, 4, 2, "valid", 13, "floor((in − k) / stride) + 1 = floor((28 − 4) / 2) + 1 = 13"),
        (28, 4, 1, "same", 28, "same padding keeps in = 28"),
        (28, 3, 3, "same", 10, "ceil(in / stride) = ceil(28 / 3) = 10"),
    ],
)
def test_convolution_output_size(size, kernel, stride, padding, expected, text):
    assert a.conv_output(size, kernel, stride, padding) == expected
    assert a.conv_output_worked(size, kernel, stride, padding).text == text


@pytest.mark.parametrize(
    ("size", "pool", "stride", "padding", "expected", "text"),
    [
        (25, 2, None, "valid", 12, "floor(in / pool) = floor(25 / 2) = 12"),
        (9, 2, 2, "valid", 4, "floor(in / pool) = floor(9 / 2) = 4"),
        (25, 3, 2, "valid", 12, "floor((in − pool) / stride) + 1 = floor((25 − 3) / 2) + 1 = 12"),
        (25, 2, 1, "valid", 24, "in − pool + 1 = 25 − 2 + 1 = 24"),
        (25, 2, 2, "same", 13, "ceil(in / stride) = ceil(25 / 2) = 13"),
    ],
)
def test_pooling_output_size(size, pool, stride, padding, expected, text):
    assert a.pool_output(size, pool, stride, padding) == expected
    assert a.conv_output_worked(size, pool, stride or pool, padding, k="pool").text == text


def test_a_step_that_says_no_more_is_left_out_and_a_total_shows_every_term():
    assert a.worked(1_024, "4×4×64").text == "4×4×64 = 1,024"
    assert a.worked(16, "16").text == "16"
    assert a.total((0, 401_920, 110_808, 27_776, 1_290)).text == (
        "0 + 401,920 + 110,808 + 27,776 + 1,290 = 541,794"
    )
    assert a.total((0,)).text == "0 = 0"


def test_byte_sizes_in_decimal_units():
    assert a.byte_size(512) == "512 bytes"
    assert a.byte_size(31_400_040_000) == "31.4 GB"


def test_arithmetic_does_not_import_tensorflow():
    code = (
        "import sys; import keras_recipes.arithmetic; "
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "expected"),
    [
        (4, 3, 1, "valid", 6),
        (5, 3, 2, "valid", 11),
        (7, 2, 2, "valid", 14),
        (3, 1, 3, "valid", 9),
        (11, 3, 3, "same", 33),
        (6, 5, 1, "same", 6),
    ],
)
def test_conv_transpose_output(size, kernel, stride, padding, expected):
    assert a.conv_transpose_output_worked(size, kernel, stride, padding).value == expected


def test_conv_transpose_worked_texts():
    assert str(a.conv_transpose_output_worked(24, 3)) == "in + k − 1 = 24 + 3 − 1 = 26"
    assert str(a.conv_transpose_output_worked(5, 3, 2)) == (
        "in×stride + max(k − stride, 0) = 5×2 + max(3 − 2, 0) = 11"
    )
    assert str(a.conv_transpose_output_worked(11, 3, 3, "same")) == "in×stride = 11×3 = 33"
    assert str(a.conv_transpose_output_worked(6, 5, 1, "same")) == "same padding keeps in = 6"


def test_upsampling_and_embedding():
    assert str(a.upsampling_output_worked(8, 3)) == "8×3 = 24"
    assert str(a.embedding_params(10_000, 64)) == "input_dim×output_dim = 10,000×64 = 640,000"
    assert a.embedding_params(10_000, 64).value == 640_000
