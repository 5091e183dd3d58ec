"""explain: our own arithmetic for every layer, and its agreement with Keras row by row."""

import keras
import pytest
from keras import layers

from keras_recipes import RECIPES, explain_model, explain_recipe, language
from keras_recipes.explain import SUPPORTED_TYPES, NoFormulaError, explain_layer

VARIANTS = [(name, {}) for name in RECIPES] + [
    (name, dict(variant.kwargs)) for name, recipe in RECIPES.items() for variant in recipe.variants
]


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS, ids=lambda v: str(v or ""))
def test_every_layer_of_every_recipe_agrees_with_keras(built, name, kwargs):
    model = built[name] if not kwargs else RECIPES[name].build(**kwargs)
    explanation = explain_model(model)
    assert len(explanation.layers) == len(model.layers)
    # Every layer of a type explain knows agrees with Keras; any other says it
    # has no formula, and is never guessed.
    known = [row for row in explanation.layers if row.type in SUPPORTED_TYPES]
    assert [row.name for row in known if not row.agrees] == []
    unknown = [row for row in explanation.layers if row.type not in SUPPORTED_TYPES]
    assert [row.name for row in unknown if row.has_formula or row.check != "no formula"] == []
    if RECIPES[name].document.name == "article":
        assert unknown == []  # the article's models are explained whole
    if unknown:
        assert explanation.total is None
        assert not explanation.ok
    else:
        assert explanation.total.value == model.count_params()
        assert explanation.ok


def test_mlp_shows_the_arithmetic_behind_541_794(built):
    explanation = explain_model(built["mlp"])
    assert [(r.name, r.shape, r.params, r.params_formula) for r in explanation.layers] == [
        ("input", (None, 784), 0, "an input holds no weights = 0"),
        ("hidden1", (None, 512), 401_920, "in×units + units = 784×512 + 512 = 401,920"),
        ("hidden2", (None, 216), 110_808, "in×units + units = 512×216 + 216 = 110,808"),
        ("hidden3", (None, 128), 27_776, "in×units + units = 216×128 + 128 = 27,776"),
        ("output", (None, 10), 1_290, "in×units + units = 128×10 + 10 = 1,290"),
    ]
    text = str(explanation)
    assert "Total params: 0 + 401,920 + 110,808 + 27,776 + 1,290 = 541,794" in text
    assert "Keras 3 count_params(): 541,794  ✓" in text


def test_cnn_shapes_come_from_kernel_and_pool_arithmetic(built):
    rows = {r.name: r for r in explain_model(built["cnn"]).layers}
    assert rows["conv1"].shape_formula == (
        "valid padding, rows and cols: in − k + 1 = 28 − 4 + 1 = 25 each; channels: filters = 128"
    )
    assert rows["conv2"].params_formula == (
        "kh×kw×in_channels×filters + filters = 4×4×128×64 + 64 = 131,136"
    )
    assert rows["pool2"].shape_formula == (
        "valid padding, rows and cols: floor(in / pool) = floor(9 / 2) = 4 each; channels kept: 64"
    )
    # The erratum, explained: Dense acts on the last axis of the 4x4 map.
    assert rows["hidden1"].shape == (None, 4, 4, 64)
    assert "keeps the other axes (4, 4)" in rows["hidden1"].shape_formula


def test_corrected_cnn_flatten_and_concatenate_and_lstm(built):
    flat = {r.name: r for r in explain_recipe("cnn", flatten=True).layers}
    assert flat["flatten"].shape_formula == "one axis of 4×4×64 = 1,024"
    assert flat["hidden1"].params == 65_600
    merged = {r.name: r for r in explain_model(built["shared-input"]).layers}
    assert merged["merge"].shape_formula == "joined along the last axis: 4,608 + 1,600 = 6,208"
    lstm = {r.name: r for r in explain_model(built["rnn"]).layers}["lstm1"]
    assert lstm.params_formula == "4×units×(units + input_dim + 1) = 4×128×(128 + 1 + 1) = 66,560"


def test_time_distributed_is_the_wrapped_layer_applied_per_step(built):
    row = {r.name: r for r in explain_model(built["multi-output"]).layers}["output2"]
    assert row.shape == (None, 784, 10)
    assert (
        row.shape_formula == "Dense on each of the 784 steps: the last axis, 64, becomes units = 10"
    )
    assert row.params_formula == (
        "one Dense shared by every step: in×units + units = 64×10 + 10 = 650"
    )


NON_DEFAULT = [
    ("sequential", {"input_shape": (3,), "hidden_units": 5, "output_units": 2}),
    ("mlp", {"hidden_units": (300, 100), "num_classes": 1, "output_activation": "sigmoid"}),
    ("mlp", {"input_shape": (64,), "hidden_units": (7,), "num_classes": 3}),
    ("cnn", {"input_shape": (32, 32, 3), "filters": (8, 4, 2), "kernel_size": 3}),
    ("cnn", {"kernel_size": (5, 3), "pool_size": 3, "flatten": True, "num_classes": 4}),
    ("cnn", {"input_shape": (30, 40, 2), "pool_size": (2, 3), "hidden_units": 9}),
    ("rnn", {"input_shape": (28, 28), "lstm_units": 32, "hidden_units": 16}),
    ("shared-input", {"filters": (8, 4, 2), "kernel_sizes": (3, 5, (2, 6)), "pool_size": 3}),
    ("shared-feature-extractor", {"lstm_units": 12, "shallow_units": 3, "deep_units": (20,)}),
    ("multi-input", {"gray_shape": (48, 48, 1), "rgb_shape": (24, 24, 3), "pool_size": (3, 2)}),
    ("multi-input", {"filters": (6,), "kernel_size": 5, "hidden_units": (10, 10, 10)}),
    ("multi-output", {"input_shape": (28, 28), "extract_units": 16, "num_classes": 5}),
]


@pytest.mark.parametrize(("name", "kwargs"), NON_DEFAULT, ids=lambda v: str(v))
def test_arithmetic_follows_non_default_builder_arguments(name, kwargs):
    model = RECIPES[name].build(**kwargs)
    explanation = explain_model(model)
    assert [r.name for r in explanation.layers if not r.agrees] == []
    assert explanation.total.value == model.count_params()


def test_strides_same_padding_and_no_bias_are_worked_out():
    inputs = keras.Input((28, 28, 3), name="image")
    x = layers.Conv2D(8, 3, strides=2, padding="same", use_bias=False, name="same2")(inputs)
    x = layers.Conv2D(6, (5, 3), strides=(2, 1), name="valid21")(x)
    x = layers.MaxPooling2D(3, strides=2, name="overlap")(x)
    x = layers.AveragePooling2D(2, padding="same", name="avg_same")(x)
    x = layers.Flatten(name="flat")(x)
    x = layers.Dense(4, use_bias=False, name="no_bias")(x)
    explanation = explain_model(keras.Model(inputs, x))
    assert explanation.ok
    rows = {r.name: r for r in explanation.layers}
    assert rows["same2"].shape == (None, 14, 14, 8)
    assert (
        "rows and cols: ceil(in / stride) = ceil(28 / 2) = 14 each" in rows["same2"].shape_formula
    )
    assert rows["same2"].params_formula == "kh×kw×in_channels×filters (no bias) = 3×3×3×8 = 216"
    assert rows["valid21"].shape_formula == (
        "valid padding, rows: floor((in − k) / stride) + 1 = floor((14 − 5) / 2) + 1 = 5; "
        "cols: in − k + 1 = 14 − 3 + 1 = 12; channels: filters = 6"
    )
    assert rows["overlap"].shape == (None, 2, 5, 6)
    assert rows["avg_same"].shape == (None, 1, 3, 6)
    assert rows["no_bias"].params_formula == "in×units (no bias) = 18×4 = 72"


def test_one_dimensional_and_recurrent_variants():
    inputs = keras.Input((50, 4), name="series")
    a = layers.Conv1D(5, 7, strides=3, name="conv")(inputs)
    a = layers.AveragePooling1D(2, name="avg")(a)
    b = layers.GRU(6, return_sequences=True, name="gru")(inputs)
    b = layers.SimpleRNN(3, use_bias=False, return_sequences=True, name="rnn")(b)
    b = layers.LSTM(4, use_bias=False, name="lstm")(b)
    a = layers.Flatten(name="flat")(a)
    merged = layers.Concatenate(name="merge")([a, b])
    explanation = explain_model(keras.Model(inputs, merged))
    assert explanation.ok
    rows = {r.name: r for r in explanation.layers}
    assert rows["conv"].shape == (None, 15, 5)
    assert rows["gru"].params_formula == "3×units×(units + input_dim + 2) = 3×6×(6 + 4 + 2) = 216"
    assert rows["lstm"].params_formula == "4×units×(units + input_dim) = 4×4×(4 + 3) = 112"
    assert rows["merge"].shape == (None, 39)


def test_concatenate_along_another_axis():
    first, second = keras.Input((3, 5), name="a"), keras.Input((4, 5), name="b")
    joined = layers.Concatenate(axis=1, name="join")([first, second])
    row = {r.name: r for r in explain_model(keras.Model([first, second], joined)).layers}["join"]
    assert row.shape == (None, 7, 5)
    assert row.shape_formula == "joined along axis 1: 3 + 4 = 7"
    assert row.agrees


def test_a_layer_without_formula_is_reported_not_guessed():
    inputs = keras.Input((8,), name="input")
    x = layers.Dropout(0.5, name="drop")(inputs)
    x = layers.Dense(2, name="dense")(x)
    explanation = explain_model(keras.Model(inputs, x))
    row = {r.name: r for r in explanation.layers}["drop"]
    assert (row.shape, row.params, row.check) == (None, None, "no formula")
    assert "no formula for Dropout" in row.shape_formula
    assert not explanation.ok
    assert explanation.total is None
    assert "Total params: no sum (a layer has no formula)" in str(explanation)


def test_an_unsupported_setting_raises_a_clear_error():
    inputs = keras.Input((16, 16, 1))
    layer = layers.Conv2D(2, 3, dilation_rate=2, name="dilated")
    output = layer(inputs)
    with pytest.raises(
        NoFormulaError, match=r"layer 'dilated' \(Conv2D\): no formula for dilation"
    ):
        explain_layer(layer, [tuple(inputs.shape)], tuple(output.shape))


def test_a_subclass_of_a_known_layer_is_not_guessed():
    class Widened(layers.Dense):
        pass

    class Dense(layers.Dense):  # a look-alike name from outside Keras
        pass

    inputs = keras.Input((8,), name="input")
    x = Widened(3, name="widened")(inputs)
    x = Dense(2, name="lookalike")(x)
    rows = {r.name: r for r in explain_model(keras.Model(inputs, x)).layers}
    assert rows["widened"].check == "no formula"
    assert rows["lookalike"].check == "no formula"
    assert "no formula for Dense; explain knows Keras' InputLayer, Dense" in (
        rows["lookalike"].shape_formula
    )


def test_lora_weights_are_not_guessed():
    inputs = keras.Input((8,), name="input")
    dense = layers.Dense(4, name="adapted")
    model = keras.Model(inputs, dense(inputs))
    dense.enable_lora(2)
    row = {r.name: r for r in explain_model(model).layers}["adapted"]
    assert row.check == "no formula"
    assert "quantized or LoRA" in row.shape_formula


def test_disagreement_is_shown_on_the_row(built):
    # Our arithmetic reads the input shape it is given, not Keras' count: fed the
    # wrong input width, it disagrees with Keras and says where.
    layer = built["mlp"].get_layer("hidden1")
    row = explain_layer(layer, [(None, 100)], (None, 512))
    assert (row.params, row.keras_params) == (100 * 512 + 512, 401_920)
    assert row.check == "MISMATCH: params"
    assert not row.agrees


def test_explained_in_zh_tw_words_around_the_same_symbols_and_numbers():
    inputs = keras.Input((28, 28, 3), name="image")
    x = layers.Conv2D(6, (5, 3), strides=(2, 1), use_bias=False, name="valid21")(inputs)
    x = layers.Dropout(0.5, name="drop")(x)
    dense = layers.Dense(2, name="dense")
    dense.build((None, 3))
    with language("zh-TW"):
        explanation = explain_model(keras.Model(inputs, x))
        wrong = explain_layer(dense, [(None, 3)], (None, 5))  # Keras' shape given wrong
    rows = {r.name: r for r in explanation.layers}
    assert rows["valid21"].shape_formula == (
        "valid 填補，列：floor((in − k) / stride) + 1 = floor((28 − 5) / 2) + 1 = 12；"
        "行：in − k + 1 = 28 − 3 + 1 = 26；通道：filters = 6"
    )
    assert rows["valid21"].params_formula == "kh×kw×in_channels×filters（無偏差） = 5×3×3×6 = 270"
    assert rows["image"].params_formula == "輸入層沒有權重 = 0"
    assert rows["drop"].shape_formula.startswith("層 'drop' (Dropout)：沒有 Dropout 的公式")
    with language("zh-TW"):
        assert (rows["drop"].check, wrong.check) == ("沒有公式", "不符：形狀")
    # Printed in English surroundings, the explanation keeps the language it was made in.
    text = str(explanation)
    assert text.splitlines()[4] == (
        "層（類型）          輸出形狀           Keras 3 形狀       參數  Keras 3 參數  核對"
    )
    assert "參數總數：無法加總（有一層沒有公式）；Keras 3：270  不符" in text
