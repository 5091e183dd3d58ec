"""What every builder promises: compiled, named as the article, every knob working."""

import inspect
import warnings

import numpy as np
import pytest

import keras_recipes
from keras_recipes import RECIPES
from keras_recipes.i18n import language
from keras_recipes.registry import get_recipe


def build(name, **kwargs):
    """``build("mlp", ...)`` is ``keras_recipes.build_mlp(...)``."""
    return RECIPES[name].build(**kwargs)


COMPILE_OPTIONS = {
    "optimizer": "adam",
    "loss": None,
    "metrics": None,
    "steps_per_execution": 8,
    "jit_compile": False,
    "seed": None,
}


@pytest.mark.parametrize("name", RECIPES)
def test_every_builder_is_public_and_takes_the_compile_options_after_its_own(name):
    recipe = RECIPES[name]
    builder = getattr(keras_recipes, recipe.builder_name)
    assert builder is recipe.builder
    assert builder.__name__ == recipe.builder_name
    parameters = inspect.signature(builder).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    assert [(p.name, p.default) for p in list(parameters)[-6:]] == list(COMPILE_OPTIONS.items())
    # help(builder) documents every argument, its own and the compile options.
    documented = [line.split(":")[0].strip() for line in builder.__doc__.splitlines()]
    assert [p.name for p in parameters if p.name not in documented] == []


def test_mlp_signature_lists_every_argument_with_its_default():
    parameters = inspect.signature(keras_recipes.build_mlp).parameters.values()
    assert [(p.name, p.default) for p in parameters] == [
        ("input_shape", (784,)),
        ("hidden_units", (512, 216, 128)),
        ("num_classes", 10),
        ("hidden_activation", "relu"),
        ("output_activation", "softmax"),
        *COMPILE_OPTIONS.items(),
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


@pytest.mark.parametrize(
    ("name", "kwargs", "fragment"),
    [
        ("mlp", {"hidden_units": (512, 0)}, "hidden_units=(512, 0)"),
        ("mlp", {"num_classes": -3}, "num_classes=-3"),
        ("mlp", {"num_classes": True}, "num_classes=True"),
        ("mlp", {"input_shape": (28, 28)}, "input_shape=(28, 28)"),
        ("mlp", {"hidden_activation": "relux"}, "hidden_activation='relux'"),
        ("mlp", {"num_classes": 1}, "output_activation='softmax'"),
        ("cnn", {"kernel_size": 30}, "kernel_size=30"),
        ("cnn", {"pool_size": 26}, "pool_size=26"),
        ("cnn", {"input_shape": (28, 28)}, "input_shape=(28, 28)"),
        ("cnn", {"kernel_size": (4, 4, 4)}, "kernel_size=(4, 4, 4)"),
        ("rnn", {"lstm_units": 0}, "lstm_units=0"),
        ("rnn", {"input_shape": (784,)}, "input_shape=(784,)"),
        ("shared-input", {"kernel_sizes": (4,)}, "kernel_sizes=(4,)"),
        ("shared-input", {"kernel_sizes": (4, 29)}, "kernel_sizes=(4, 29)"),
        ("shared-feature-extractor", {"deep_units": ()}, "deep_units=()"),
        ("multi-input", {"rgb_shape": (8, 8, 3)}, "kernel_size=4"),
        ("multi-output", {"extract_units": 2.5}, "extract_units=2.5"),
        ("multi-output", {"loss": {"output1": "mse"}}, "loss={'output1': 'mse'}"),
        ("sequential", {"optimizer": "adamm"}, "optimizer='adamm'"),
    ],
)
def test_bad_argument_names_builder_argument_and_value(name, kwargs, fragment):
    with pytest.raises(ValueError) as error:
        build(name, **kwargs)
    message = str(error.value)
    assert message.startswith(f"{RECIPES[name].builder_name}(): ")
    assert fragment in message


TRY_METRICS = "try 'accuracy', 'mae' or 'sparse_top_k_categorical_accuracy'"
TOO_LARGE = "expected whole numbers from 1 to 2**63 - 1, the most a tensor axis holds"
FLATTEN = "build_cnn(): flatten={!r} is not usable: expected True or False"


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
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
        *[("cnn", {"flatten": v}, FLATTEN.format(v)) for v in ("False", "yes", 2, None)],
        (
            "mlp",
            {"metrics": ["accuraccy"]},
            f"build_mlp(): metrics=['accuraccy'] is not usable: 'accuraccy' is not a Keras "
            f"metric; {TRY_METRICS}",
        ),
        (
            "mlp",
            {"metrics": "accuracy"},
            "build_mlp(): metrics='accuracy' is not usable: expected a list of metrics, "
            "e.g. ['accuracy']",
        ),
        (
            "multi-output",
            {"metrics": {"output1": ["accuracy"], "output2": "acuracy"}},
            "build_multi_output(): metrics={'output1': ['accuracy'], 'output2': 'acuracy'} is "
            f"not usable: 'acuracy' is not a Keras metric; {TRY_METRICS}",
        ),
        (
            "multi-output",
            {"metrics": {"ouput2": ["accuracy"]}},
            "build_multi_output(): metrics={'ouput2': ['accuracy']} is not usable: 'ouput2' is "
            "not an output; the outputs are ['output1', 'output2']",
        ),
        (
            "multi-output",
            {"metrics": ["accuracy"]},
            "build_multi_output(): metrics=['accuracy'] is not usable: expected a dict keyed by "
            "output (output1, output2) or a list with one entry per output",
        ),
        (
            "mlp",
            {"optimizer": "adamm"},
            "build_mlp(): optimizer='adamm' is not usable: not a Keras optimizer; "
            "try 'adam', 'sgd' or 'rmsprop'",
        ),
        (
            "multi-output",
            {"loss": {"output1": "mse", "output2": "msee"}},
            "build_multi_output(): loss={'output1': 'mse', 'output2': 'msee'} is not usable: "
            "'msee' is not a Keras loss; try 'sparse_categorical_crossentropy', "
            "'binary_crossentropy' or 'mean_squared_error'",
        ),
        *[
            (
                "mlp",
                {"seed": seed},
                f"build_mlp(): seed={seed} is not usable: expected a whole number from 0 to "
                "2**32 - 1 (NumPy's), or None",
            )
            for seed in (2**32, -1)
        ],
        (
            "mlp",
            {"hidden_units": (2**63,)},
            f"build_mlp(): hidden_units=(9223372036854775808,) is not usable: {TOO_LARGE}",
        ),
        (
            "rnn",
            {"input_shape": (2**63, 1)},
            f"build_rnn(): input_shape=(9223372036854775808, 1) is not usable: {TOO_LARGE}",
        ),
        (
            "cnn",
            {"filters": (2**64, 8)},
            f"build_cnn(): filters=(18446744073709551616, 8) is not usable: {TOO_LARGE}",
        ),
        (
            "shared-input",
            {"kernel_sizes": (4, (2**63, 2))},
            "build_shared_input(): kernel_sizes=(4, (9223372036854775808, 2)) is not usable: "
            f"branch 2's kernel: {TOO_LARGE}",
        ),
        (
            "multi-output",
            {"num_classes": 2**63},
            "build_multi_output(): num_classes=9223372036854775808 is not usable: expected a "
            "whole number from 1 to 2**63 - 1",
        ),
        (
            "mlp",
            {"steps_per_execution": 10**5000},
            "build_mlp(): steps_per_execution=a number of about 5,001 digits is not usable: "
            "expected a whole number from 1 to 2**63 - 1",
        ),
    ],
)
def test_refusal_says_why_and_what_would_work_before_keras_sees_the_value(name, kwargs, message):
    with pytest.raises(ValueError) as error:
        build(name, **kwargs)
    assert str(error.value) == message


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
            "build_rnn()：input_shape=(28, 28, 2) 無法使用：應為 2 個正整數：(時間步數, "
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
            lambda: build("shared-input", kernel_sizes=(4, (0, 2))),
            "build_shared_input(): kernel_sizes=(4, (0, 2)) is not usable: branch 2's kernel: "
            "expected a whole number >= 1 or a (height, width) pair",
            "build_shared_input()：kernel_sizes=(4, (0, 2)) 無法使用：第 2 個分支的內核：應為 >= 1 "
            "的整數，或一組 (高, 寬)",
            ("build_shared_input()", "kernel_sizes=(4, (0, 2))", "2"),
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
    ids=["positive int", "shape", "window too large", "branch", "loss keys", "variant", "recipe"],
)
def test_refusals_speak_traditional_chinese_naming_the_same_builder_argument_and_value(
    call, english, chinese, names
):
    assert refusal("en", call) == english
    assert refusal("zh-TW", call) == chinese
    assert [name for name in names if name not in english or name not in chinese] == []
    assert refusal("en", call) == english  # the language is put back after the block


def test_a_refusal_speaks_the_language_current_when_it_is_raised():
    call = lambda: build("cnn", flatten="yes")  # noqa: E731
    with language("zh-TW"):
        assert refusal("en", call) == FLATTEN.format("yes")
        assert refusal("zh-TW", call) == "build_cnn()：flatten='yes' 無法使用：應為 True 或 False"
