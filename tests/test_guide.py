"""The Keras guide's models, as built on Keras 3, against the summaries the guide printed."""

import keras
import numpy as np
import pytest

from keras_recipes import RECIPES, check, check_recipe, cli, explain_recipe, guide
from keras_recipes.registry import GUIDE

GUIDE_RECIPES = [name for name, recipe in RECIPES.items() if recipe.document is GUIDE]


def test_the_guide_s_recipes_in_the_guide_s_order():
    assert GUIDE_RECIPES == [
        "mnist-model", "encoder", "autoencoder", "decoder", "ensemble", "ticket-classifier",
        "toy-resnet",
    ]  # fmt: skip
    assert [RECIPES[name].section for name in GUIDE_RECIPES] == [
        "Introduction",
        "Use the same graph of layers to define multiple models",
        "Use the same graph of layers to define multiple models",
        "All models are callable, just like layers",
        "All models are callable, just like layers",
        "Models with multiple inputs and outputs",
        "A toy ResNet model",
    ]


# Every total the guide printed, and the two derived here (the guide prints no summary).
TOTALS = [
    ("mnist-model", {}, 55_050, guide.MNIST_MODEL),
    ("encoder", {}, 18_672, guide.ENCODER),
    ("encoder", {"input_name": "original_img"}, 18_672, guide.ENCODER_TO_NEST),
    ("autoencoder", {}, 28_241, guide.AUTOENCODER),
    ("autoencoder", {"nested": True}, 28_241, guide.AUTOENCODER_NESTED),
    ("decoder", {}, 9_569, guide.DECODER),
    ("toy-resnet", {}, 223_242, guide.TOY_RESNET),
    ("ensemble", {}, 387, guide.ENSEMBLE),  # 3 x (128 x 1 + 1)
    # 2 x 10,000 x 64 + 4 x 128 x (128 + 64 + 1) + 4 x 32 x (32 + 64 + 1) + 173 + 692
    ("ticket-classifier", {}, 1_392_097, guide.TICKET_CLASSIFIER),
]


@pytest.mark.parametrize(("name", "kwargs", "total", "summary"), TOTALS, ids=str)
def test_total_params_as_the_guide_printed_them(name, kwargs, total, summary):
    model = RECIPES[name].build(**kwargs)
    assert model.count_params() == total
    assert summary.total == total
    report = check_recipe(name, **kwargs)
    assert report.problems() == []
    assert report.matched == len(summary.rows)


def test_every_configuration_of_the_guide_is_one_of_those_totals():
    configurations = {
        (name, config.label): config.expected
        for name in GUIDE_RECIPES
        for config in RECIPES[name].configurations()
    }
    assert configurations == {
        (name, " ".join(f"{k}={v}" for k, v in kwargs.items())): summary
        for name, kwargs, _, summary in TOTALS
    }


def test_printed_summaries_and_the_two_derived_here():
    printed = [s for _, _, _, s in TOTALS if s.printed]
    assert len(printed) == 7  # every summary of the guide's functional API page
    assert {s.keras_version for s in printed} == {None}  # "Keras 3", no version printed
    derived = [s for _, _, _, s in TOTALS if not s.printed]
    assert derived == [guide.ENSEMBLE, guide.TICKET_CLASSIFIER]
    assert all(s.exact_names and s.source.startswith("derived here") for s in derived)


def test_layers_keep_the_names_the_guide_gave_them(built):
    assert [t.name for t in built["encoder"].inputs] == ["img"]
    assert [t.name for t in built["decoder"].inputs] == ["encoded_img"]
    assert [t.name for t in built["toy-resnet"].inputs] == ["img"]
    ticket = built["ticket-classifier"]
    assert [t.name for t in ticket.inputs] == ["title", "body", "tags"]
    assert sorted(ticket.output_names) == ["department", "priority"]
    nested = RECIPES["autoencoder"].build(nested=True)
    assert [(layer.name, type(layer).__name__) for layer in nested.layers] == [
        ("img", "InputLayer"),
        ("encoder", "Functional"),
        ("decoder", "Functional"),
    ]
    assert nested.get_layer("encoder").inputs[0].name == "original_img"


def test_the_autoencoder_as_one_graph_row_by_row(built):
    rows = [
        (layer.name, type(layer).__name__, tuple(layer.output.shape), layer.count_params())
        for layer in built["autoencoder"].layers
    ]
    assert rows == [
        ("img", "InputLayer", (None, 28, 28, 1), 0),
        ("conv1", "Conv2D", (None, 26, 26, 16), 160),  # 3 x 3 x 1 x 16 + 16
        ("conv2", "Conv2D", (None, 24, 24, 32), 4_640),  # 3 x 3 x 16 x 32 + 32
        ("pool1", "MaxPooling2D", (None, 8, 8, 32), 0),
        ("conv3", "Conv2D", (None, 6, 6, 32), 9_248),
        ("conv4", "Conv2D", (None, 4, 4, 16), 4_624),
        ("global_pool", "GlobalMaxPooling2D", (None, 16), 0),
        ("reshape", "Reshape", (None, 4, 4, 1), 0),
        ("deconv1", "Conv2DTranspose", (None, 6, 6, 16), 160),
        ("deconv2", "Conv2DTranspose", (None, 8, 8, 32), 4_640),
        ("upsample1", "UpSampling2D", (None, 24, 24, 32), 0),
        ("deconv3", "Conv2DTranspose", (None, 26, 26, 16), 4_624),
        ("output", "Conv2DTranspose", (None, 28, 28, 1), 145),  # 3 x 3 x 16 x 1 + 1
    ]


def test_one_graph_holds_the_encoder_as_a_model_of_its_own(built):
    autoencoder = built["autoencoder"]
    encoder = keras.Model(autoencoder.input, autoencoder.get_layer("global_pool").output)
    report = check(encoder, guide.ENCODER)
    assert report.ok
    # The same layers, so the same weights: the encoder is part of the autoencoder.
    assert encoder.get_layer("conv1") is autoencoder.get_layer("conv1")


def test_nested_models_match_the_guide_s_encoder_and_decoder_summaries():
    nested = RECIPES["autoencoder"].build(nested=True)
    assert check(nested.get_layer("encoder"), guide.ENCODER_TO_NEST).ok
    assert check(nested.get_layer("decoder"), guide.DECODER).ok
    report = check(nested, "autoencoder")
    assert not report.ok  # one graph's summary: the nested model has three rows
    assert check_recipe("autoencoder", nested=True).ok


def test_the_residual_connections_pair_with_the_guide_s_rows():
    report = check_recipe("toy-resnet")
    assert report.ok
    pairs = {r.expected.name: r.actual.name for r in report.rows}
    assert pairs == {
        "img": "img",
        "conv2d_8": "block1_conv1",
        "conv2d_9": "block1_conv2",
        "max_pooling2d_2": "block1_pool",
        "conv2d_10": "block2_conv1",
        "conv2d_11": "block2_conv2",
        "add": "block2_add",
        "conv2d_12": "block3_conv1",
        "conv2d_13": "block3_conv2",
        "add_1": "block3_add",
        "conv2d_14": "top_conv",
        "global_average_pooling2d": "avg_pool",
        "dense_6": "hidden",
        "dropout": "dropout",
        "dense_7": "output",
    }
    adds = {r.actual.name: r.actual.connected_to for r in report.rows if r.actual.type == "Add"}
    assert adds == {
        "block2_add": ("block2_conv2", "block1_pool"),
        "block3_add": ("block3_conv2", "block2_add"),
    }


def test_a_miswired_residual_connection_is_reported():
    inputs = keras.Input((32, 32, 3), name="img")
    model = RECIPES["toy-resnet"].build()
    # The same layers, the second addition reading block 1's output instead of block 2's.
    x = inputs
    for name in ("block1_conv1", "block1_conv2", "block1_pool"):
        x = model.get_layer(name)(x)
    pooled = x
    x = model.get_layer("block2_conv2")(model.get_layer("block2_conv1")(pooled))
    block2 = keras.layers.Add(name="block2_add")([x, pooled])
    x = model.get_layer("block3_conv2")(model.get_layer("block3_conv1")(block2))
    x = keras.layers.Add(name="block3_add")([x, pooled])
    for name in ("top_conv", "avg_pool", "hidden", "dropout", "output"):
        x = model.get_layer(name)(x)
    report = check(keras.Model(inputs, x), "toy-resnet")
    # The guide's names, since its summary is what the learner holds the model to.
    assert report.problems() == [
        "add_1 (your block3_add) should read conv2d_13, add, not conv2d_13, max_pooling2d_2"
    ]


def test_the_ticket_classifier_trains_by_name_with_a_loss_per_output(built):
    model = RECIPES["ticket-classifier"].build(seed=0)
    rng = np.random.default_rng(0)
    inputs = {
        "title": rng.integers(0, 10_000, size=(16, 10)),
        "body": rng.integers(0, 10_000, size=(16, 100)),
        "tags": rng.integers(0, 2, size=(16, 12)).astype("float32"),
    }
    targets = {"priority": rng.random((16, 1)), "department": rng.integers(0, 4, size=16)}
    history = model.fit(inputs, targets, epochs=1, batch_size=8, verbose=0).history
    assert {"loss", "priority_loss", "department_loss", "department_accuracy"} <= set(history)
    predicted = model.predict(inputs, verbose=0)
    assert {k: v.shape for k, v in predicted.items()} == {
        "priority": (16, 1),
        "department": (16, 4),
    }


def test_the_ensemble_outputs_the_mean_of_its_members(built):
    model = built["ensemble"]
    x = np.random.default_rng(1).random((5, 128), dtype="float32")
    members = [model.get_layer(f"model{i}")(x) for i in (1, 2, 3)]
    expected = np.mean([keras.ops.convert_to_numpy(m) for m in members], axis=0)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-6)


def test_other_arguments_make_other_models():
    resnet = RECIPES["toy-resnet"].build(blocks=3, filters=(16, 32), num_classes=4)
    assert [layer.name for layer in resnet.layers if layer.name.endswith("_add")] == [
        "block2_add",
        "block3_add",
        "block4_add",
    ]
    assert resnet.get_layer("block4_conv1").count_params() == 9_248  # 3 x 3 x 32 x 32 + 32
    assert resnet.output.shape == (None, 4)
    ensemble = RECIPES["ensemble"].build(members=5, input_shape=(10,))
    assert ensemble.count_params() == 5 * 11
    decoder = RECIPES["decoder"].build(filters=((8,),), channels=3)
    assert decoder.output.shape == (None, 8, 8, 3)  # 4 + 2 + 2, one block: no upsampling


def test_explain_works_out_every_row_of_the_guide_and_every_row_agrees():
    explanation = explain_recipe("toy-resnet")
    assert explanation.title == (
        'toy-resnet: Toy ResNet: residual connections (guide section "A toy ResNet model")'
    )
    rows = {row.name: row for row in explanation.layers}
    assert rows["block2_conv1"].shape_formula == (
        "same padding, rows and cols: same padding keeps in = 9 each; channels: filters = 64"
    )
    assert [row.name for row in explanation.layers if not row.agrees] == []
    assert [(r.name, r.shape, r.params) for r in explanation.layers if r.params == 0] == [
        ("img", (None, 32, 32, 3), 0),
        ("block1_pool", (None, 9, 9, 64), 0),
        ("block2_add", (None, 9, 9, 64), 0),
        ("block3_add", (None, 9, 9, 64), 0),
        ("avg_pool", (None, 64), 0),
        ("dropout", (None, 256), 0),
    ]
    assert explanation.total.value == 223_242
    assert explanation.ok


@pytest.mark.parametrize(
    ("name", "kwargs", "total"),
    [
        ("mnist-model", {}, 55_050),
        ("encoder", {}, 18_672),
        ("autoencoder", {}, 28_241),
        ("autoencoder", {"nested": True}, 28_241),
        ("decoder", {}, 9_569),
        ("ensemble", {}, 387),
        ("ticket-classifier", {}, 1_392_097),
        ("toy-resnet", {}, 223_242),
    ],
)
def test_explain_agrees_on_every_row_of_every_guide_recipe(capsys, name, kwargs, total):
    explanation = explain_recipe(name, **kwargs)
    assert [row.name for row in explanation.layers if not row.agrees] == []
    assert explanation.total.value == total
    assert explanation.ok
    assert cli.main(["explain", name]) == 0
    out = capsys.readouterr().out
    assert "no formula" not in out and "MISMATCH" not in out


def test_verify_names_the_guide_when_one_of_its_models_differs(capsys, monkeypatch, one_line):
    real = cli.get_recipe

    def one_more(name):
        import dataclasses

        recipe = real(name)
        rows = tuple(
            dataclasses.replace(r, params=r.params + 1) if r.name == "dense_1" else r
            for r in recipe.expected.rows
        )
        expected = dataclasses.replace(recipe.expected, rows=rows, total=55_051, trainable=55_051)
        return dataclasses.replace(recipe, expected=expected)

    monkeypatch.setattr(cli, "get_recipe", one_more)
    assert cli.main(["verify", "mnist-model"]) == 1
    captured = capsys.readouterr()
    assert "! dense_1 (your hidden2): params 4,161 expected, got 4,160" in captured.out
    assert "hidden2 (Dense)" in captured.out and "[guide: dense_1]" in captured.out
    assert one_line(captured.err) == "1 model differs from the guide"
