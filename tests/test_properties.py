"""Property tests: for any valid arguments the package's arithmetic agrees with Keras; for any
odd value of any argument a builder makes a model or refuses it, naming itself and the
argument, never with a traceback."""

import inspect

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keras_recipes import RECIPES
from keras_recipes._build import COMPILE_OPTIONS
from keras_recipes.explain import SUPPORTED_TYPES, explain_model

# Fixed cases (derandomize) so CI runs what ran here; no example database.
CASES = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

widths = st.integers(1, 48)
classes = st.integers(2, 12)
activations = st.sampled_from(["relu", "tanh", "sigmoid", "elu", None])


def assert_arithmetic_agrees_with_keras(model):
    """Every layer of a type explain knows agrees with Keras; with all known, so does the total."""
    explanation = explain_model(model)
    for layer in explanation.layers:
        if layer.type not in SUPPORTED_TYPES:
            assert not layer.has_formula, layer.name
            continue
        assert layer.has_formula, layer.name
        assert layer.shape == tuple(layer.keras_shape), layer.name
        assert layer.params == layer.keras_params, layer.name
    if all(layer.type in SUPPORTED_TYPES for layer in explanation.layers):
        assert explanation.total is not None
        assert explanation.total.value == model.count_params()


# ---------------------------------------------------------------- valid arguments


def _fits(size, kernels_and_pools):
    """Whether every convolution and pooling meets a map at least as large as its window."""
    for kernel, pool in kernels_and_pools:
        if kernel > size:
            return False
        size = size - kernel + 1
        if pool > size:
            return False
        size //= pool
    return True


@st.composite
def cnn_arguments(draw):
    side = draw(st.integers(6, 40))
    filters = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3))
    kernel = draw(st.integers(1, 6))
    pool = draw(st.integers(1, 3))
    if not _fits(side, [(kernel, pool)] * len(filters)):
        filters = filters[:1]
        kernel, pool = 1, 1
    return {
        "input_shape": (side, side, draw(st.integers(1, 4))),
        "filters": tuple(filters),
        "kernel_size": kernel,
        "pool_size": pool,
        "hidden_units": draw(widths),
        "num_classes": draw(classes),
        "flatten": draw(st.booleans()),
    }


@st.composite
def shared_input_arguments(draw):
    side = draw(st.integers(8, 32))
    branches = draw(st.integers(1, 3))
    kernels = tuple(draw(st.integers(1, side // 2)) for _ in range(branches))
    return {
        "input_shape": (side, side, draw(st.integers(1, 3))),
        "filters": tuple(draw(st.integers(1, 12)) for _ in range(branches)),
        "kernel_sizes": kernels,
        "pool_size": draw(st.integers(1, 2)),
        "hidden_units": draw(widths),
        "num_classes": draw(classes),
    }


@st.composite
def multi_input_arguments(draw):
    gray, rgb = draw(st.integers(12, 64)), draw(st.integers(12, 40))
    depth = draw(st.integers(1, 2))
    kernel, pool = draw(st.integers(1, 4)), draw(st.integers(1, 2))
    return {
        "gray_shape": (gray, gray, 1),
        "rgb_shape": (rgb, rgb, 3),
        "filters": tuple(draw(st.integers(1, 12)) for _ in range(depth)),
        "kernel_size": kernel,
        "pool_size": pool,
        "hidden_units": tuple(draw(st.lists(widths, min_size=1, max_size=3))),
        "num_classes": draw(classes),
    }


def _sequence(steps, features=1):
    return st.tuples(st.integers(1, steps), st.integers(1, features))


def _units(max_size=4):
    return st.lists(widths, min_size=1, max_size=max_size).map(tuple)


# Valid builder arguments for each recipe, drawn around the article's values.
ARGUMENTS = {
    "sequential": st.fixed_dictionaries(
        {
            "input_shape": st.tuples(st.integers(1, 50)),
            "hidden_units": widths,
            "output_units": widths,
        }
    ),
    "mlp": st.fixed_dictionaries(
        {
            "input_shape": st.tuples(st.integers(1, 900)),
            "hidden_units": _units(),
            "num_classes": classes,
            "hidden_activation": activations,
        }
    ),
    "cnn": cnn_arguments(),
    "rnn": st.fixed_dictionaries(
        {
            "input_shape": _sequence(40, 8),
            "lstm_units": widths,
            "hidden_units": widths,
            "num_classes": classes,
        }
    ),
    "shared-input": shared_input_arguments(),
    "shared-feature-extractor": st.fixed_dictionaries(
        {
            "input_shape": _sequence(30),
            "lstm_units": widths,
            "shallow_units": widths,
            "deep_units": _units(),
        }
    ),
    "multi-input": multi_input_arguments(),
    "multi-output": st.fixed_dictionaries(
        {
            "input_shape": _sequence(30),
            "extract_units": widths,
            "class_lstm_units": widths,
            "class_hidden_units": widths,
            "num_classes": classes,
        }
    ),
}


@st.composite
def encoder_arguments(draw, filters="filters"):
    """An encoder whose every convolution and pooling meets a map at least its size."""
    kernel, pool = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    first, second = draw(st.integers(1, 2)), draw(st.integers(0, 2))
    # Each convolution takes kernel - 1 off a side; the pooling divides what is left.
    after = pool * (second * (kernel - 1) + 1) if second else 1
    side = draw(st.integers(first * (kernel - 1) + after, 30))
    blocks = [tuple(draw(st.integers(1, 8)) for _ in range(first))]
    if second:
        blocks.append(tuple(draw(st.integers(1, 8)) for _ in range(second)))
    return {
        "input_shape": (side, side, draw(st.integers(1, 3))),
        filters: tuple(blocks),
        "kernel_size": kernel,
        "pool_size": pool,
    }


@st.composite
def decoder_arguments(draw):
    height, width, channels = (draw(st.integers(1, 4)) for _ in range(3))
    return {
        "input_shape": (height * width * channels,),
        "map_shape": (height, width, channels),
        "filters": tuple(draw(st.lists(_units(3), min_size=1, max_size=3))),
        "channels": draw(st.integers(1, 3)),
        "kernel_size": draw(st.integers(1, 4)),
        "upsampling": draw(st.integers(1, 3)),
    }


@st.composite
def autoencoder_arguments(draw):
    encoder = draw(encoder_arguments(filters="encoder_filters"))
    code = encoder["encoder_filters"][-1][-1]
    return {
        **encoder,
        "map_shape": (1, code, 1),
        "decoder_filters": tuple(draw(st.lists(_units(3), min_size=1, max_size=2))),
        "nested": draw(st.booleans()),
    }


@st.composite
def toy_resnet_arguments(draw):
    kernel, pool = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stem = tuple(draw(st.lists(st.integers(1, 8), min_size=1, max_size=2)))
    # Block 1's convolutions, its pooling, then top_conv; residual blocks keep the size.
    side = draw(st.integers(len(stem) * (kernel - 1) + pool * kernel, 24))
    return {
        "input_shape": (side, side, draw(st.integers(1, 3))),
        "filters": stem,
        "kernel_size": kernel,
        "pool_size": pool,
        "blocks": draw(st.integers(1, 3)),
        "hidden_units": draw(widths),
        "dropout_rate": draw(st.floats(0, 0.9)),
        "num_classes": draw(classes),
    }


ARGUMENTS |= {
    "mnist-model": st.fixed_dictionaries(
        {
            "input_shape": st.tuples(st.integers(1, 900)),
            "hidden_units": _units(),
            "num_classes": classes,
            "hidden_activation": activations,
        }
    ),
    "encoder": encoder_arguments(),
    "autoencoder": autoencoder_arguments(),
    "decoder": decoder_arguments(),
    "ensemble": st.fixed_dictionaries(
        {
            "input_shape": st.tuples(st.integers(1, 200)),
            "members": st.integers(2, 5),
            "units": widths,
        }
    ),
    "ticket-classifier": st.fixed_dictionaries(
        {
            "num_words": st.integers(1, 500),
            "num_tags": st.integers(1, 20),
            "num_departments": st.integers(1, 8),
            "embedding_dim": widths,
            "title_units": widths,
            "body_units": widths,
        }
    ),
    "toy-resnet": toy_resnet_arguments(),
}

# Output shapes of layers, as the arguments wire them; the arithmetic reads the model as built.
WIRING = {
    "mlp": lambda kw: {
        **{f"hidden{i}": (None, w) for i, w in enumerate(kw["hidden_units"], start=1)},
        "output": (None, kw["num_classes"]),
    },
    "shared-feature-extractor": lambda kw: {
        "merge": (None, kw["shallow_units"] + kw["deep_units"][-1])
    },
    "multi-output": lambda kw: {"output2": (None, kw["input_shape"][0], kw["num_classes"])},
}


@pytest.mark.parametrize("name", RECIPES)
@CASES
@given(data=st.data())
def test_the_arithmetic_agrees_with_keras_for_any_valid_arguments(name, data):
    kwargs = data.draw(ARGUMENTS[name])
    builder = RECIPES[name].builder
    model = builder(**kwargs)
    assert_arithmetic_agrees_with_keras(model)
    wiring = WIRING[name](kwargs) if name in WIRING else {}
    assert {layer: model.get_layer(layer).output.shape for layer in wiring} == wiring


# ---------------------------------------------------------------- odd values

BUILDERS = [recipe.builder for recipe in RECIPES.values()]
# Values no argument of any builder was meant to take: not a size, flag, activation,
# optimizer, loss, list of metrics, seed or layer name (Keras takes no '/' in one).
ODD = [object(), "yes/no", 2**64, -1, 1.5]


@pytest.mark.parametrize(
    ("builder", "argument"),
    [
        (b, name)
        for b in BUILDERS
        for name in inspect.signature(b).parameters
        if name != "compile_options"
    ]
    + [(b, option) for b in BUILDERS[:1] for option in COMPILE_OPTIONS],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_an_odd_value_builds_a_model_or_is_refused_naming_the_argument(builder, argument):
    for value in ODD:
        try:
            builder(**{argument: value})
        except ValueError as error:
            assert str(error).startswith(f"{builder.__name__}(): {argument}="), value
