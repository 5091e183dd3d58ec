"""What every builder promises: compiled, named as the article, every knob working."""

import ast
import inspect
import warnings

import numpy as np
import pytest

import keras_recipes
from keras_recipes import RECIPES, _build
from keras_recipes.i18n import language
from keras_recipes.registry import get_recipe


def build(name, **kwargs):
    """``build("mlp", ...)`` is ``keras_recipes.build_mlp(...)``."""
    return RECIPES[name].build(**kwargs)


@pytest.mark.parametrize("name", RECIPES)
def test_every_builder_is_public_keyword_only_and_documented(name):
    recipe = RECIPES[name]
    builder = getattr(keras_recipes, recipe.builder_name)
    assert builder is recipe.builder
    assert builder.__name__ == recipe.builder_name
    *own, options = inspect.signature(builder).parameters.values()
    assert {p.kind for p in own} == {inspect.Parameter.KEYWORD_ONLY}
    assert (options.name, options.kind) == ("compile_options", inspect.Parameter.VAR_KEYWORD)
    # help(builder) documents every argument.
    documented = {line.split(":")[0].strip() for line in builder.__doc__.splitlines()}
    assert [p.name for p in own if p.name not in documented] == []
    assert "**compile_options" in documented


@pytest.mark.parametrize("name", RECIPES)
def test_a_builder_s_source_is_its_document_s_model_from_keras_input(name):
    # What build_cnn?? shows a learner: the docstring, a check or two, then keras.Input.
    source = inspect.getsource(RECIPES[name].builder)
    after_docstring = source.split('"""')[2].splitlines()
    first_input = next(i for i, line in enumerate(after_docstring) if "keras.Input(" in line)
    assert first_input <= 12
    # ... and it ends in the one compile.
    (function,) = ast.parse(source).body
    last = function.body[-1]
    assert isinstance(last, ast.Return) and ast.unparse(last.value).startswith("compile_model(")


def test_mlp_signature_lists_every_argument_with_its_default():
    parameters = inspect.signature(keras_recipes.build_mlp).parameters.values()
    assert [(p.name, p.default) for p in parameters][:-1] == [
        ("input_shape", (784,)),
        ("hidden_units", (512, 216, 128)),
        ("num_classes", 10),
        ("hidden_activation", "relu"),
        ("output_activation", "softmax"),
    ]


CLASSIFIER = {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}
REGRESSION = {"loss": "mean_squared_error", "metrics": []}
# The guide's classifiers output scores (logits): their losses say so.
ON_LOGITS = {"loss": ("SparseCategoricalCrossentropy", True), "metrics": ["accuracy"]}
COMPILED = {
    "sequential": REGRESSION,
    "multi-output": {
        "loss": {output: CLASSIFIER["loss"] for output in ("output1", "output2")},
        "metrics": {output: CLASSIFIER["metrics"] for output in ("output1", "output2")},
    },
    "mnist-model": ON_LOGITS,
    "encoder": REGRESSION,
    "autoencoder": REGRESSION,
    "decoder": REGRESSION,
    "ensemble": REGRESSION,
    "ticket-classifier": {
        "loss": {
            "priority": ("BinaryCrossentropy", True),
            "department": ("SparseCategoricalCrossentropy", True),
        },
        "metrics": {"priority": [], "department": ["accuracy"]},
    },
    "toy-resnet": ON_LOGITS,
}


def _loss(config):
    """A compiled loss as its name, or as (class name, from_logits) for a loss object."""
    if isinstance(config, dict) and "class_name" in config:
        return config["class_name"], config["config"]["from_logits"]
    if isinstance(config, dict):
        return {output: _loss(one) for output, one in config.items()}
    return config


@pytest.mark.parametrize("name", RECIPES)
def test_builder_compiles_a_loss_and_metrics_for_each_output(built, name):
    config = built[name].get_compile_config()
    assert built[name].compiled
    assert config["optimizer"]["class_name"] == "Adam"
    compiled = {"loss": _loss(config["loss"]), "metrics": config["metrics"]}
    assert compiled == COMPILED.get(name, CLASSIFIER)


@pytest.mark.parametrize("name", RECIPES)
def test_inputs_and_outputs_are_what_the_registry_says(built, name):
    recipe, model = RECIPES[name], built[name]
    assert [(t.name, tuple(t.shape)) for t in model.inputs] == [
        (spec.name, spec.shape) for spec in recipe.inputs
    ]
    assert [tuple(t.shape) for t in model.outputs] == [spec.shape for spec in recipe.outputs]


def test_sequential_is_built_without_any_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = build("sequential")
    assert [str(w.message) for w in caught] == []
    assert [layer.name for layer in model.layers] == ["hidden", "output"]


def test_layers_are_named_as_in_the_article(built):
    assert [layer.name for layer in built["shared-feature-extractor"].layers] == [
        "input", "lstm1", "interp21", "interp22", "interp1", "interp23", "merge", "output",
    ]  # fmt: skip
    assert [layer.name for layer in built["multi-output"].layers] == [
        "input", "extract", "class11", "class12", "output1", "output2",
    ]  # fmt: skip


def test_mlp_widths_change_layers_and_counts():
    model = build("mlp", hidden_units=(256, 64))
    assert [(layer.name, layer.count_params()) for layer in model.layers] == [
        ("input", 0),
        ("hidden1", 200_960),  # 784 x 256 + 256
        ("hidden2", 16_448),  # 256 x 64 + 64
        ("output", 650),  # 64 x 10 + 10
    ]


def test_sigmoid_binary_output_gets_binary_crossentropy_and_accuracy():
    model = build("mlp", num_classes=1, output_activation="sigmoid")
    assert model.output.shape == (None, 1)
    config = model.get_compile_config()
    assert (config["loss"], config["metrics"]) == ("binary_crossentropy", ["accuracy"])


def test_cnn_on_colour_images_changes_only_the_first_convolution():
    model = build("cnn", input_shape=(32, 32, 3))
    conv1 = model.get_layer("conv1")
    assert conv1.output.shape == (None, 29, 29, 128)
    assert conv1.count_params() == 6_272  # 4 x 4 x 3 x 128 + 128
    assert model.get_layer("conv2").count_params() == 131_136  # as in the article


def test_cnn_kernel_and_pool_sizes():
    model = build("cnn", kernel_size=3, pool_size=(2, 2), filters=(8, 4, 2), flatten=True)
    assert [model.get_layer(f"pool{i}").output.shape for i in (1, 2, 3)] == [
        (None, 13, 13, 8),
        (None, 5, 5, 4),
        (None, 1, 1, 2),
    ]


def test_rnn_reading_rows_instead_of_pixels():
    model = build("rnn", input_shape=(28, 28))
    assert model.get_layer("lstm1").count_params() == 80_384  # 4 x 128 x (128 + 28 + 1)
    assert model.count_params() == 80_384 + 16_512 + 1_290


def test_shared_input_branch_count_follows_filters():
    model = build("shared-input", filters=(8, 8, 8), kernel_sizes=(3, 5, 7))
    assert model.get_layer("merge").output.shape == (None, 8 * (13 * 13 + 12 * 12 + 11 * 11))


def test_shared_feature_extractor_deep_branch_depth():
    model = build("shared-feature-extractor", deep_units=(20, 10), shallow_units=5)
    assert model.get_layer("interp22").output.shape == (None, 10)
    assert model.get_layer("merge").output.shape == (None, 15)


def test_multi_input_shapes():
    model = build("multi-input", gray_shape=(28, 28, 1), rgb_shape=(28, 28, 3), hidden_units=(32,))
    assert model.get_layer("flat1").output.shape == (None, 4 * 4 * 16)
    assert model.get_layer("hidden1").count_params() == (256 + 256) * 32 + 32


def test_multi_output_losses_by_output_name():
    model = build(
        "multi-output",
        loss={"output1": "sparse_categorical_crossentropy", "output2": "categorical_crossentropy"},
    )
    assert model.loss["output2"] == "categorical_crossentropy"
    assert model.get_layer("extract").output.shape == (None, 784, 64)


def test_compile_settings_are_passed_through():
    metrics = ["accuracy", "sparse_top_k_categorical_accuracy"]
    model = build("rnn", optimizer="sgd", metrics=metrics)
    assert model.get_compile_config()["metrics"] == metrics
    assert type(model.optimizer).__name__ == "SGD"
    assert model.optimizer.learning_rate.numpy() == pytest.approx(0.01)  # SGD's default


TRY_METRICS = "try 'accuracy', 'mae' or 'sparse_top_k_categorical_accuracy'"
WHOLE = "is not usable: expected a whole number of at least 1"
IMAGE = "expected 3 positive whole number(s), (height, width, channels), without the batch axis"


# Every refusal, article and guide alike: the few checks of our own, and Keras' own errors
# reworded at the builder's boundary, naming the builder, the argument and the value.
@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("mlp", {"hidden_units": (512, 0)}, f"build_mlp(): hidden_units=(512, 0) {WHOLE}"),
        ("mlp", {"num_classes": -3}, f"build_mlp(): num_classes=-3 {WHOLE}"),
        ("rnn", {"lstm_units": 0}, f"build_rnn(): lstm_units=0 {WHOLE}"),
        ("ticket-classifier", {"num_words": 0}, f"build_ticket_classifier(): num_words=0 {WHOLE}"),
        (
            "mlp",
            {"input_shape": (28, 28)},
            "build_mlp(): input_shape=(28, 28) is not usable: expected 1 positive whole "
            "number(s), the number of features, without the batch axis",
        ),
        (
            "cnn",
            {"input_shape": (28, 28)},
            f"build_cnn(): input_shape=(28, 28) is not usable: {IMAGE}",
        ),
        (
            "rnn",
            {"input_shape": (784,)},
            "build_rnn(): input_shape=(784,) is not usable: expected 2 positive whole number(s), "
            "(time steps, features per step), without the batch axis",
        ),
        (
            "mlp",
            {"num_classes": 1},
            "build_mlp(): output_activation='softmax' is not usable: a softmax over num_classes=1 "
            "always outputs 1.0; use output_activation='sigmoid' for a binary output",
        ),
        (
            "mlp",
            {"hidden_activation": "relux"},
            "build_mlp(): hidden_activation='relux' is not usable: not a Keras activation; try "
            "'relu', 'tanh', 'sigmoid', 'softmax' or None",
        ),
        # 28 - 13 + 1 = 16, pooled to 8: too small for the second 13x13 kernel.
        (
            "cnn",
            {"kernel_size": 13},
            "build_cnn(): kernel_size=13 is not usable: layer 'conv2' meets a 8x8 feature map, "
            "smaller than its 13x13 kernel; use a kernel of at most 8x8 or a larger input",
        ),
        (
            "cnn",
            {"pool_size": 26},
            "build_cnn(): pool_size=26 is not usable: layer 'pool1' meets a 25x25 feature map, "
            "smaller than its 26x26 pool; use a pool of at most 25x25 or a larger input",
        ),
        (
            "multi-input",
            {"rgb_shape": (8, 8, 3)},
            "build_multi_input(): rgb_shape=(8, 8, 3) is not usable: layer 'conv22' meets a 2x2 "
            "feature map, smaller than its 4x4 kernel; use a kernel of at most 2x2 or a larger "
            "input",
        ),
        (
            "encoder",
            {"kernel_size": 9},
            "build_encoder(): kernel_size=9 is not usable: layer 'conv3' meets a 4x4 feature "
            "map, smaller than its 9x9 kernel; use a kernel of at most 4x4 or a larger input",
        ),
        (
            "shared-input",
            {"kernel_sizes": (4,)},
            "build_shared_input(): kernel_sizes=(4,) is not usable: filters has 2 branches, so 2 "
            "kernel sizes are needed",
        ),
        (
            "ensemble",
            {"members": 1},
            "build_ensemble(): members=1 is not usable: expected a whole number from 2 to 100",
        ),
        # Keras' own words, where no sentence of ours says it better.
        (
            "cnn",
            {"kernel_size": (4, 4, 4)},
            "build_cnn(): kernel_size=(4, 4, 4) is not usable: layer 'conv1': The `kernel_size` "
            "argument must be a tuple of 2 integers. Received kernel_size=(4, 4, 4)",
        ),
        (
            "toy-resnet",
            {"dropout_rate": 1.5},
            "build_toy_resnet(): dropout_rate=1.5 is not usable: layer 'dropout': Invalid value "
            "received for argument `rate`. Expected a float value between 0 and 1. Received: "
            "rate=1.5",
        ),
        (
            "decoder",
            {"map_shape": (4, 4, 2)},
            "build_decoder(): map_shape=(4, 4, 2) is not usable: layer 'reshape': The total size "
            "of the tensor must be unchanged. Received: input_shape=(16,), target_shape=(4, 4, 2)",
        ),
        (
            "sequential",
            {"optimizer": "adamm"},
            "build_sequential(): optimizer='adamm' is not usable: Could not interpret optimizer "
            "identifier: adamm",
        ),
        (
            "mlp",
            {"seed": 2**32},
            "build_mlp(): seed=4294967296 is not usable: Seed must be between 0 and 2**32 - 1",
        ),
        # Compile options Keras would take and fail on at the first fit.
        (
            "mlp",
            {"metrics": ["accuraccy"]},
            f"build_mlp(): metrics=['accuraccy'] is not usable: 'accuraccy' is not a Keras "
            f"metric; {TRY_METRICS}",
        ),
        (
            "multi-output",
            {"metrics": {"ouput2": ["accuracy"]}},
            "build_multi_output(): metrics={'ouput2': ['accuracy']} is not usable: 'ouput2' is "
            "not an output; the outputs are ['output1', 'output2']",
        ),
        (
            "multi-output",
            {"loss": {"output1": "mse"}},
            "build_multi_output(): loss={'output1': 'mse'} is not usable: a dict of losses needs "
            "exactly one entry per output, keyed ['output1', 'output2']",
        ),
        (
            "multi-output",
            {"loss": {"output1": "mse", "output2": "msee"}},
            "build_multi_output(): loss={'output1': 'mse', 'output2': 'msee'} is not usable: "
            "'msee' is not a Keras loss; try 'sparse_categorical_crossentropy', "
            "'binary_crossentropy' or 'mean_squared_error'",
        ),
        (
            "mlp",
            {"steps_per_execution": 10**5000},
            f"build_mlp(): steps_per_execution=a number of 5,001 digits {WHOLE}",
        ),
        (
            "mlp",
            {"jit_compile": "yes"},
            "build_mlp(): jit_compile='yes' is not usable: expected True, False or 'auto'",
        ),
        # Too large for memory: refused as Keras creates the weight (see test_builder_limits).
        (
            "mlp",
            {"hidden_units": (2**63,)},
            "build_mlp(): hidden_units=(9223372036854775808,) is not usable: layer 'hidden1' "
            "would hold 7,231,123,676,894,144,233,472 weights, 28.9 ZB, more than the {memory} "
            "of memory this process may use; use a smaller value",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(map(str, value)),
)
def test_a_bad_value_is_refused_naming_builder_argument_and_value(name, kwargs, message):
    from keras_recipes._memory import memory_bytes
    from keras_recipes.arithmetic import byte_size

    with pytest.raises(ValueError) as error:
        build(name, **kwargs)
    assert str(error.value) == message.replace("{memory}", byte_size(memory_bytes()))


def test_a_misspelt_argument_or_a_positional_one_is_refused_by_name():
    with pytest.raises(TypeError, match=r"^build_mlp\(\) has no argument 'hidden'; did you mean "):
        keras_recipes.build_mlp(hidden=5)
    with pytest.raises(TypeError, match=r"^build_cnn\(\) takes keyword arguments only"):
        keras_recipes.build_cnn((28, 28, 1))


# Counts for which 0 makes a model: no residual block after block 1, a ticket without tags.
ZERO_IS_A_MODEL = {"blocks", "num_tags"}


@pytest.mark.parametrize("name", RECIPES)
def test_every_count_and_activation_refuses_a_bad_value_naming_itself(name):
    # For each argument taking a whole number or an activation: a value Keras refuses gives
    # a ValueError naming the builder and that argument, never another error or a model.
    builder = RECIPES[name].builder
    for argument, parameter in inspect.signature(builder).parameters.items():
        default = parameter.default
        if argument.endswith("activation"):
            bad = "relux"
        elif isinstance(default, int) and not isinstance(default, bool):
            bad = 0 if argument not in ZERO_IS_A_MODEL else -1
        else:
            continue
        with pytest.raises(ValueError, match=rf"^{builder.__name__}\(\): {argument}="):
            builder(**{argument: bad})


@pytest.mark.parametrize(
    ("metrics", "logged"),
    [
        ({"output1": ["acc"], "output2": None}, ["output1_acc"]),
        ([["accuracy"], "acc"], ["output1_accuracy", "output2_acc"]),
    ],
    ids=["dict", "list"],
)
def test_metrics_per_output_are_accepted_and_fit(metrics, logged, random_batch):
    model = build("multi-output", input_shape=(5, 1), metrics=metrics)
    history = model.fit(*random_batch(model), epochs=1, verbose=0)
    losses = ["loss", "output1_loss", "output2_loss"]
    assert sorted(history.history) == sorted(losses + logged)


def test_numpy_whole_numbers_are_taken_and_given_to_keras_as_ints():
    model = build(
        "mlp",
        input_shape=(np.int64(20),),
        hidden_units=(np.int32(3),),
        num_classes=np.int64(4),
        steps_per_execution=np.int64(2),
    )
    assert [(layer.name, layer.count_params()) for layer in model.layers] == [
        ("input", 0),
        ("hidden1", 63),  # 20 x 3 + 3
        ("output", 16),  # 3 x 4 + 4
    ]
    assert [type(model.get_layer(name).units) for name in ("hidden1", "output")] == [int, int]

    cnn = build(
        "cnn",
        input_shape=(np.int64(12), 12, 1),
        filters=(np.int16(4),),
        kernel_size=np.int64(3),
        pool_size=(np.uint8(2), 2),
        flatten=np.True_,
    )
    assert cnn.get_layer("conv1").kernel_size == (3, 3)
    assert cnn.get_layer("flatten").output.shape == (None, 5 * 5 * 4)


def test_numpy_seed_gives_the_same_weights_as_the_plain_int():
    first = build("sequential", seed=np.uint32(2**32 - 1)).get_weights()
    second = build("sequential", seed=2**32 - 1).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))


# ---------------------------------------------------------------- refusals in Traditional Chinese


def refusal(language_name, call):
    """The message ``call()`` raises while ``language_name`` is the language."""
    with language(language_name), pytest.raises(ValueError) as error:
        call()
    return str(error.value)


@pytest.mark.parametrize(
    ("call", "english", "chinese", "names"),
    [
        (
            lambda: build("mlp", num_classes=0),
            "build_mlp(): num_classes=0 is not usable: expected a whole number of at least 1",
            "build_mlp()：num_classes=0 無法使用：應為至少 1 的整數",
            ("build_mlp()", "num_classes=0"),
        ),
        (
            lambda: build("rnn", input_shape=(28, 28, 2)),
            "build_rnn(): input_shape=(28, 28, 2) is not usable: expected 2 positive whole "
            "number(s), (time steps, features per step), without the batch axis",
            "build_rnn()：input_shape=(28, 28, 2) 無法使用：應為 2 個正整數，即(時間步數, "
            "每個時間步的特徵數)，不含批次軸",
            ("build_rnn()", "input_shape=(28, 28, 2)", "2 "),
        ),
        (
            lambda: build("cnn", kernel_size=13),
            "build_cnn(): kernel_size=13 is not usable: layer 'conv2' meets a 8x8 feature map, "
            "smaller than its 13x13 kernel; use a kernel of at most 8x8 or a larger input",
            "build_cnn()：kernel_size=13 無法使用：'conv2' 層收到的特徵圖是 8x8，比它 13x13 的"
            "內核還小；請用最多 8x8 的內核，或更大的輸入",
            ("build_cnn()", "kernel_size=13", "'conv2'", "8x8", "13x13"),
        ),
        (
            lambda: build("toy-resnet", dropout_rate=1.5),
            "build_toy_resnet(): dropout_rate=1.5 is not usable: layer 'dropout': Invalid value "
            "received for argument `rate`. Expected a float value between 0 and 1. Received: "
            "rate=1.5",
            "build_toy_resnet()：dropout_rate=1.5 無法使用：'dropout' 層：Invalid value received "
            "for argument `rate`. Expected a float value between 0 and 1. Received: rate=1.5",
            ("build_toy_resnet()", "dropout_rate=1.5", "'dropout'"),
        ),
        (
            lambda: build("multi-output", loss={"output1": "mse"}),
            "build_multi_output(): loss={'output1': 'mse'} is not usable: a dict of losses needs "
            "exactly one entry per output, keyed ['output1', 'output2']",
            "build_multi_output()：loss={'output1': 'mse'} 無法使用：以 dict 指定損失函數時，"
            "每個輸出都要剛好一項，鍵為 ['output1', 'output2']",
            ("build_multi_output()", "loss={'output1': 'mse'}", "['output1', 'output2']"),
        ),
        (
            lambda: get_recipe("cnn").configuration("flatten=False"),
            "recipe 'cnn' has no variant 'flatten=False'; its variants: flatten=True",
            "配方 'cnn' 沒有變體 'flatten=False'；它的變體有：flatten=True",
            ("'cnn'", "'flatten=False'", "flatten=True"),
        ),
        (
            lambda: get_recipe("mlp").configuration("flatten=True"),
            "recipe 'mlp' has no variant 'flatten=True'; its variants: none",
            "配方 'mlp' 沒有變體 'flatten=True'；它沒有任何變體",
            ("'mlp'", "'flatten=True'"),
        ),
        (
            lambda: get_recipe(3),
            "a recipe name is a string, got 3",
            "配方名稱應為字串，卻收到 3",
            ("3",),
        ),
        (
            lambda: get_recipe("coder"),
            "unknown recipe 'coder'; did you mean 'encoder' or 'decoder' or 'autoencoder'? "
            "known recipes: sequential, mlp, cnn, rnn, shared-input, shared-feature-extractor, "
            "multi-input, multi-output, mnist-model, encoder, autoencoder, decoder, ensemble, "
            "ticket-classifier, toy-resnet",
            "沒有名為 'coder' 的配方；是不是要找 'encoder' 或 'decoder' 或 'autoencoder'？"
            "現有的配方：sequential, mlp, cnn, rnn, shared-input, shared-feature-extractor, "
            "multi-input, multi-output, mnist-model, encoder, autoencoder, decoder, ensemble, "
            "ticket-classifier, toy-resnet",
            ("'coder'", "'autoencoder'"),
        ),
        (
            lambda: get_recipe("mpl"),
            "unknown recipe 'mpl'; did you mean 'mlp'? known recipes: sequential, mlp, cnn, rnn, "
            "shared-input, shared-feature-extractor, multi-input, multi-output, mnist-model, "
            "encoder, autoencoder, decoder, ensemble, ticket-classifier, toy-resnet",
            "沒有名為 'mpl' 的配方；是不是要找 'mlp'？現有的配方：sequential, mlp, cnn, rnn, "
            "shared-input, shared-feature-extractor, multi-input, multi-output, mnist-model, "
            "encoder, autoencoder, decoder, ensemble, ticket-classifier, toy-resnet",
            ("'mpl'", "'mlp'", "shared-feature-extractor"),
        ),
    ],
    ids=[
        "positive int",
        "shape",
        "window too large",
        "keras",
        "loss keys",
        "variant",
        "no variants",
        "not a name",
        "several close",
        "recipe",
    ],
)
def test_refusals_speak_traditional_chinese_naming_the_same_builder_argument_and_value(
    call, english, chinese, names
):
    assert refusal("en", call) == english
    assert refusal("zh-TW", call) == chinese
    assert [name for name in names if name not in english or name not in chinese] == []
    assert refusal("en", call) == english  # the language is put back after the block


def test_a_refusal_speaks_the_language_current_when_it_is_raised():
    call = lambda: build("cnn", kernel_size=(4, 4, 4))  # noqa: E731
    with language("zh-TW"):
        assert refusal("en", call).startswith("build_cnn(): kernel_size=(4, 4, 4) is not usable")
        assert refusal("zh-TW", call).startswith("build_cnn()：kernel_size=(4, 4, 4) 無法使用")


def test_an_error_that_names_no_argument_given_is_said_in_keras_words():
    @_build.builder
    def build_odd(a=1, b=2):
        raise ValueError("something odd")

    with pytest.raises(ValueError) as error:
        build_odd(a=3, b=4)
    assert str(error.value) == "build_odd(): the model cannot be built: something odd"
