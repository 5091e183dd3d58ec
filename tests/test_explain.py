"""explain: our own arithmetic for every layer, and its agreement with Keras row by row."""

import keras
import pytest
from keras import layers

from keras_recipes import RECIPES, explain_model, explain_recipe, language
from keras_recipes.explain import SUPPORTED_TYPES, explain_layer

VARIANTS = [(name, {}) for name in RECIPES] + [
    (name, dict(variant.kwargs)) for name, recipe in RECIPES.items() for variant in recipe.variants
]


@pytest.mark.parametrize(("name", "kwargs"), VARIANTS, ids=lambda v: str(v or ""))
def test_every_layer_of_every_recipe_agrees_with_keras(built, name, kwargs):
    model = built[name] if not kwargs else RECIPES[name].build(**kwargs)
    explanation = explain_model(model)
    assert len(explanation.layers) == len(model.layers)
    # Every layer of every recipe, the article's and the guide's, has a
    # formula, and every row agrees with Keras.
    assert {row.type for row in explanation.layers} <= set(SUPPORTED_TYPES)
    assert [row.name for row in explanation.layers if not row.agrees] == []
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


class Doubled(layers.Layer):
    """A custom layer: explain has no formula for it."""

    def call(self, x):
        return 2 * x


def test_a_layer_without_formula_is_reported_not_guessed():
    inputs = keras.Input((8,), name="input")
    x = Doubled(name="drop")(inputs)
    x = layers.Dense(2, name="dense")(x)
    explanation = explain_model(keras.Model(inputs, x))
    row = {r.name: r for r in explanation.layers}["drop"]
    assert (row.shape, row.params, row.check) == (None, None, "no formula")
    assert "no formula for Doubled" in row.shape_formula
    assert not explanation.ok
    assert explanation.total is None
    assert "Total params: no sum (a layer has no formula)" in str(explanation)


def test_an_unsupported_setting_is_named_not_guessed():
    inputs = keras.Input((16, 16, 1))
    layer = layers.Conv2D(2, 3, dilation_rate=2, name="dilated")
    row = explain_layer(layer, [tuple(inputs.shape)], tuple(layer(inputs).shape))
    assert (row.shape, row.params, row.check) == (None, None, "no formula")
    assert row.shape_formula == "layer 'dilated' (Conv2D): no formula for dilation_rate=(2, 2)"
    causal = layers.Conv1D(2, 3, padding="causal", name="causal")
    series = keras.Input((10, 1))
    row = explain_layer(causal, [tuple(series.shape)], tuple(causal(series).shape))
    assert row.shape_formula == "layer 'causal' (Conv1D): no formula for padding='causal'"


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
    assert rows["lookalike"].shape_formula == "layer 'lookalike' (Dense): no formula for Dense"


def test_lora_weights_are_not_guessed():
    inputs = keras.Input((8,), name="input")
    dense = layers.Dense(4, name="adapted")
    model = keras.Model(inputs, dense(inputs))
    dense.enable_lora(2)
    row = {r.name: r for r in explain_model(model).layers}["adapted"]
    assert row.check == "no formula"
    assert row.shape_formula == "layer 'adapted' (Dense): no formula for lora_rank=2"


def test_disagreement_is_shown_on_the_row(built):
    # Our arithmetic reads the input shape it is given, not Keras' count: fed the
    # wrong input width, it disagrees with Keras and says where.
    layer = built["mlp"].get_layer("hidden1")
    row = explain_layer(layer, [(None, 100)], (None, 512))
    assert (row.params, row.keras_params) == (100 * 512 + 512, 401_920)
    assert row.check == "MISMATCH: params"
    assert not row.agrees
    assert explain_layer(layer, [(None, 100)], (None, 3)).check == "MISMATCH: shape, params"


def test_an_input_with_a_batch_size_says_so():
    inputs = keras.Input((3,), batch_size=8, name="batched")
    row = explain_model(keras.Model(inputs, layers.Dense(2)(inputs))).layers[0]
    assert (row.shape, row.shape_formula) == (
        (8, 3),
        "declared by keras.Input(shape=(3,)) with batch size 8",
    )


def test_explained_in_zh_tw_words_around_the_same_symbols_and_numbers():
    inputs = keras.Input((28, 28, 3), name="image")
    x = layers.Conv2D(6, (5, 3), strides=(2, 1), use_bias=False, name="valid21")(inputs)
    x = Doubled(name="drop")(x)
    dense = layers.Dense(2, name="dense")
    dense.build((None, 3))
    with language("zh-TW"):
        explanation = explain_model(keras.Model(inputs, x))
        wrong = explain_layer(dense, [(None, 3)], (None, 5))  # Keras' shape given wrong
    rows = {r.name: r for r in explanation.layers}
    assert rows["valid21"].shape_formula == (
        "不補邊（valid），列：floor((in − k) / stride) + 1 = floor((28 − 5) / 2) + 1 = 12；"
        "行：in − k + 1 = 28 − 3 + 1 = 26；通道：filters = 6"
    )
    assert rows["valid21"].params_formula == "kh×kw×in_channels×filters（無偏差） = 5×3×3×6 = 270"
    assert rows["image"].params_formula == "輸入層沒有權重 = 0"
    assert rows["drop"].shape_formula == "層 'drop' (Doubled)：沒有 Doubled 的公式"
    with language("zh-TW"):
        assert (rows["drop"].check, wrong.check) == ("沒有公式", "不符：形狀")
    # Printed in English surroundings, the explanation keeps the language it was made in.
    text = str(explanation)
    assert text.splitlines()[4] == (
        "層（類型）          輸出形狀           Keras 3 形狀       參數  Keras 3 參數  核對"
    )
    assert "參數總數：無法加總（有一層沒有公式）；Keras 3：270  不符" in text


def test_decoder_transposed_convolutions_upsampling_and_reshape(built):
    rows = {r.name: r for r in explain_model(built["decoder"]).layers}
    assert rows["reshape"].shape == (None, 4, 4, 1)
    assert rows["reshape"].shape_formula == (
        "the same numbers rearranged: 16 into (4, 4, 1), 4×4×1 = 16"
    )
    assert rows["deconv1"].shape_formula == (
        "valid padding, rows and cols: in + k − 1 = 4 + 3 − 1 = 6 each; channels: filters = 16"
    )
    assert rows["deconv1"].params_formula == (
        "kh×kw×in_channels×filters + filters = 3×3×1×16 + 16 = 160"
    )
    assert rows["upsample1"].shape == (None, 24, 24, 32)
    assert rows["upsample1"].shape_formula == (
        "size=(3, 3), each entry repeated: rows and cols: 8×3 = 24 each; channels kept: 32"
    )
    assert rows["output"].params_formula == (
        "kh×kw×in_channels×filters + filters = 3×3×16×1 + 1 = 145"
    )


def test_strided_and_same_transposed_convolutions_agree_with_keras():
    inputs = keras.Input((5, 7, 3), name="map")
    x = layers.Conv2DTranspose(4, (3, 2), strides=2, name="valid2")(inputs)
    x = layers.Conv2DTranspose(2, 3, strides=(1, 3), padding="same", name="same13")(x)
    x = layers.Conv2DTranspose(2, 1, strides=3, use_bias=False, name="small_kernel")(x)
    explanation = explain_model(keras.Model(inputs, x))
    assert explanation.ok
    rows = {r.name: r for r in explanation.layers}
    assert rows["valid2"].shape == (None, 11, 14, 4)
    assert rows["valid2"].shape_formula == (
        "valid padding, rows: in×stride + max(k − stride, 0) = 5×2 + max(3 − 2, 0) = 11; "
        "cols: in×stride + max(k − stride, 0) = 7×2 + max(2 − 2, 0) = 14; channels: filters = 4"
    )
    assert rows["same13"].shape == (None, 11, 42, 2)
    assert rows["small_kernel"].shape == (None, 33, 126, 2)  # k < stride: in x stride
    assert rows["small_kernel"].params == 4  # 1 x 1 x 2 x 2, no bias


def test_global_pooling_add_and_dropout_in_the_toy_resnet(built):
    rows = {r.name: r for r in explain_model(built["toy-resnet"]).layers}
    assert rows["block2_add"].shape_formula == (
        "2 inputs of the same shape (None, 9, 9, 64), combined entry by entry (Add): shape kept"
    )
    assert (rows["block2_add"].shape, rows["block2_add"].params) == ((None, 9, 9, 64), 0)
    assert rows["avg_pool"].shape == (None, 64)
    assert rows["avg_pool"].shape_formula == (
        "the average of each channel's 7×7 entries; channels kept: 64"
    )
    assert rows["dropout"].shape == (None, 256)
    assert rows["dropout"].shape_formula == (
        "unchanged: rate=0.5 of the entries are zeroed, in training only"
    )
    encoder = {r.name: r for r in explain_model(built["encoder"]).layers}
    assert encoder["global_pool"].shape_formula == (
        "the largest of each channel's 4×4 entries; channels kept: 16"
    )


def test_embedding_and_lstm_on_embedded_words(built):
    rows = {r.name: r for r in explain_model(built["ticket-classifier"]).layers}
    embedding = rows["title_embedding"]
    assert (embedding.shape, embedding.params) == ((None, None, 64), 640_000)
    assert embedding.params_formula == "input_dim×output_dim = 10,000×64 = 640,000"
    assert embedding.shape_formula == (
        "each word index becomes a vector of output_dim = 64 numbers"
    )
    # 4 x (units x (input_dim + units) + units), written with the bias inside.
    assert rows["title_lstm"].params == 4 * (128 * (64 + 128) + 128) == 98_816
    assert rows["title_lstm"].params_formula == (
        "4×units×(units + input_dim + 1) = 4×128×(128 + 64 + 1) = 98,816"
    )
    assert rows["body_lstm"].params == 4 * (32 * (64 + 32) + 32) == 12_416
    assert rows["merge"].shape_formula == "joined along the last axis: 128 + 32 + 12 = 172"


def test_a_nested_model_is_the_sum_of_its_own_rows():
    explanation = explain_recipe("autoencoder", nested=True)
    assert explanation.ok
    rows = {r.name: r for r in explanation.layers}
    assert (rows["encoder"].type, rows["encoder"].shape, rows["encoder"].params) == (
        "Functional",
        (None, 16),
        18_672,
    )
    assert rows["encoder"].params_formula == (
        "the sum of its own rows: 0 + 160 + 4,640 + 0 + 9,248 + 4,624 + 0 = 18,672"
    )
    assert rows["encoder"].shape_formula == (
        "a model called as one layer: the output of its layer 'global_pool', "
        "worked out row by row over its own 7 layers"
    )
    assert rows["decoder"].params_formula == (
        "the sum of its own rows: 0 + 0 + 160 + 4,640 + 0 + 4,624 + 145 = 9,569"
    )
    assert "Total params: 0 + 18,672 + 9,569 = 28,241" in str(explanation)
    ensemble = {r.name: r for r in explain_recipe("ensemble").layers}
    assert ensemble["model2"].params_formula == "the sum of its own rows: 0 + 129 = 129"
    assert ensemble["average"].shape_formula == (
        "3 inputs of the same shape (None, 1), combined entry by entry (Average): shape kept"
    )


def test_a_nested_model_with_a_custom_layer_inside_is_not_guessed():
    inner_input = keras.Input((8,), name="inner_input")
    inner = keras.Model(inner_input, Doubled(name="double")(inner_input), name="inner")
    inputs = keras.Input((8,), name="input")
    x = inner(inputs)
    x = layers.Dense(2, name="dense")(x)
    explanation = explain_model(keras.Model(inputs, x))
    row = {r.name: r for r in explanation.layers}["inner"]
    assert (row.shape, row.params, row.check) == (None, None, "no formula")
    assert row.shape_formula == "layer 'inner' (Functional): no formula for its layer 'double'"
    assert explanation.total is None
    assert not explanation.ok


def test_broadcasting_a_reshape_to_minus_one_and_unknown_lengths_are_not_guessed():
    first, second = keras.Input((4, 3), name="a"), keras.Input((1, 3), name="b")
    added = layers.Add(name="broadcast")([first, second])
    flat = layers.Reshape((-1,), name="flat")(added)
    rows = {r.name: r for r in explain_model(keras.Model([first, second], flat)).layers}
    assert rows["broadcast"].shape_formula == (
        "layer 'broadcast' (Add): no formula for inputs of different shapes "
        "[(None, 4, 3), (None, 1, 3)]"
    )
    assert rows["flat"].shape_formula == "layer 'flat' (Reshape): no formula for target_shape=(-1,)"
    series = keras.Input((None, 3), name="series")
    flat_series = layers.Flatten(name="flatten")(series)  # named: Keras numbers its own per run
    row = {r.name: r for r in explain_model(keras.Model(series, flat_series)).layers}
    assert row["flatten"].shape_formula == (
        "layer 'flatten' (Flatten): no formula for an axis of unknown length in (None, 3)"
    )


def test_a_nested_model_called_on_other_shapes_is_not_guessed():
    inner_input = keras.Input((None,), name="inner_input")
    inner = keras.Model(inner_input, layers.Dropout(0.1)(inner_input), name="inner")
    inputs = keras.Input((8,), name="input")
    row = {r.name: r for r in explain_model(keras.Model(inputs, inner(inputs))).layers}["inner"]
    assert row.shape_formula == (
        "layer 'inner' (Functional): no formula for a call on [(None, 8)], "
        "not on its own inputs [(None, None)]"
    )


def test_guide_rows_in_zh_tw():
    with language("zh-TW"):
        rows = {r.name: r for r in explain_recipe("toy-resnet").layers}
        nested = {r.name: r for r in explain_recipe("autoencoder", nested=True).layers}
    assert rows["avg_pool"].shape_formula == "每個通道 7×7 個元素的平均；通道不變：64"
    assert rows["block2_add"].shape_formula == (
        "2 個形狀同為 (None, 9, 9, 64) 的輸入，逐元素合併（Add）：形狀不變"
    )
    assert nested["decoder"].params_formula == (
        "它自己各列的總和：0 + 0 + 160 + 4,640 + 0 + 4,624 + 145 = 9,569"
    )
