"""Every recipe, as built on Keras 3, against the summaries its document printed."""

import keras
import pytest
from keras import layers

from keras_recipes import RECIPES, Row, build_cnn, check
from keras_recipes.explain import SUPPORTED_TYPES


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_matches_article_row_by_row(built, name):
    report = check(built[name], name)
    assert report.problems() == []
    assert report.matched == len(RECIPES[name].expected.rows)
    assert report.ok


@pytest.mark.parametrize(
    ("name", "total"),
    [
        ("sequential", 7),
        ("mlp", 541_794),
        ("cnn", 138_122),
        ("rnn", 84_362),
        ("shared-input", 399_610),
        ("shared-feature-extractor", 78_984),
        ("multi-input", 424_874),
        ("multi-output", 31_348),
    ],
)
def test_total_params_as_printed(built, name, total):
    assert built[name].count_params() == total


def test_every_printed_summary_is_from_keras_2_2_4():
    article = {name for name, r in RECIPES.items() if r.document.name == "article"}
    printed = {name for name in article if RECIPES[name].expected.printed}
    assert printed == article - {"sequential"}
    assert {RECIPES[n].expected.keras_version for n in printed} == {"2.2.4"}


def test_cnn_as_printed_outputs_a_map_not_a_class(built):
    assert built["cnn"].output.shape == (None, 4, 4, 10)


def test_cnn_with_flatten_is_a_classifier():
    model = build_cnn(flatten=True)
    assert model.output.shape == (None, 10)
    assert model.get_layer("flatten").output.shape == (None, 1024)
    assert model.get_layer("hidden1").count_params() == 65_600
    assert model.count_params() == 199_562
    assert check(model, RECIPES["cnn"].variants[0].expected).ok


def test_generated_names_match_by_connections(built):
    # The article's Flatten and Concatenate rows carry names Keras made up.
    report = check(built["shared-input"], "shared-input")
    pairs = {r.expected.name: r.actual.name for r in report.rows}
    assert pairs["flatten_9"] == "flat1"
    assert pairs["flatten_10"] == "flat2"
    assert pairs["concatenate_5"] == "merge"


# One unnamed layer of every class the recipes use or explain knows: Keras names each.
UNNAMED = {
    "InputLayer": lambda: layers.InputLayer(shape=(4,)),
    "Dense": lambda: layers.Dense(2),
    "Conv1D": lambda: layers.Conv1D(2, 2),
    "Conv2D": lambda: layers.Conv2D(2, 2),
    "Conv3D": lambda: layers.Conv3D(2, 2),
    "MaxPooling1D": lambda: layers.MaxPooling1D(),
    "MaxPooling2D": lambda: layers.MaxPooling2D(),
    "MaxPooling3D": lambda: layers.MaxPooling3D(),
    "AveragePooling1D": lambda: layers.AveragePooling1D(2),
    "AveragePooling2D": lambda: layers.AveragePooling2D(2),
    "AveragePooling3D": lambda: layers.AveragePooling3D(2),
    "GlobalAveragePooling2D": lambda: layers.GlobalAveragePooling2D(),
    "Flatten": lambda: layers.Flatten(),
    "Concatenate": lambda: layers.Concatenate(),
    "LSTM": lambda: layers.LSTM(2),
    "GRU": lambda: layers.GRU(2),
    "SimpleRNN": lambda: layers.SimpleRNN(2),
    "TimeDistributed": lambda: layers.TimeDistributed(layers.Dense(2)),
    "Conv2DTranspose": lambda: layers.Conv2DTranspose(2, 2),
    "UpSampling2D": lambda: layers.UpSampling2D(),
    "GlobalMaxPooling2D": lambda: layers.GlobalMaxPooling2D(),
    "Reshape": lambda: layers.Reshape((2,)),
    "Add": lambda: layers.Add(),
    "Average": lambda: layers.Average(),
    "Dropout": lambda: layers.Dropout(0.5),
    "Embedding": lambda: layers.Embedding(4, 2),
    "Conv1DTranspose": lambda: layers.Conv1DTranspose(2, 2),
    "Conv3DTranspose": lambda: layers.Conv3DTranspose(2, 2),
    "UpSampling1D": lambda: layers.UpSampling1D(),
    "UpSampling3D": lambda: layers.UpSampling3D(),
    "GlobalMaxPooling1D": lambda: layers.GlobalMaxPooling1D(),
    "GlobalMaxPooling3D": lambda: layers.GlobalMaxPooling3D(),
    "GlobalAveragePooling1D": lambda: layers.GlobalAveragePooling1D(),
    "GlobalAveragePooling3D": lambda: layers.GlobalAveragePooling3D(),
    "Subtract": lambda: layers.Subtract(),
    "Multiply": lambda: layers.Multiply(),
    "Maximum": lambda: layers.Maximum(),
    "Minimum": lambda: layers.Minimum(),
    # A model called as a layer (the guide's nested models).
    "Functional": lambda: keras.Model(inputs := keras.Input((2,)), layers.Dense(2)(inputs)),
    "Sequential": lambda: keras.Sequential([layers.Dense(2)]),
}


def test_every_layer_class_the_package_knows_is_covered():
    used = {
        row.type
        for recipe in RECIPES.values()
        for c in recipe.configurations()
        for row in c.expected.rows
    }
    assert used | set(SUPPORTED_TYPES) <= set(UNNAMED)


def _keras_names(kind):
    """The names Keras gives three unnamed layers of ``kind``, made now."""
    return [UNNAMED[kind]().name for _ in range(3)]


@pytest.mark.parametrize("kind", UNNAMED)
def test_names_keras_makes_up_are_recognised(kind):
    names = _keras_names(kind)
    assert len(set(names)) == 3  # each one numbered afresh
    for name in names:
        assert Row(name, kind, (None, 2), 0).generated_name, name


def test_a_made_up_name_belongs_to_its_own_class_only():
    made = {kind: _keras_names(kind) for kind in UNNAMED}
    for kind, names in made.items():
        for other in UNNAMED:
            if other != kind:
                for name in names:
                    assert not Row(name, other, (None, 2), 0).generated_name, (name, other)


@pytest.mark.parametrize(
    ("name", "kind", "generated"),
    [
        # As Keras 3 makes them: the first bare, the next numbered from 1.
        ("conv2d", "Conv2D", True),
        ("conv2d_3", "Conv2D", True),
        ("max_pooling2d_1", "MaxPooling2D", True),
        ("global_average_pooling2d", "GlobalAveragePooling2D", True),
        ("input_layer_2", "InputLayer", True),
        # As Keras 2 made them (the article): numbered from 1, inputs input_N.
        ("flatten_9", "Flatten", True),
        ("concatenate_5", "Concatenate", True),
        ("input_1", "InputLayer", True),
        # A summary may give the class by its alias.
        ("max_pooling2d_1", "MaxPool2D", True),
        # Names a person chose, and names no Keras makes.
        ("input", "InputLayer", False),
        ("flat1", "Flatten", False),
        ("lstm1", "LSTM", False),
        ("max_pooling2_d", "MaxPooling2D", False),
        ("conv2_d", "Conv2D", False),
        ("dense_0", "Dense", False),
        ("dense_01", "Dense", False),
        ("dense1", "Dense", False),
        ("dense_", "Dense", False),
        ("Dense", "Dense", False),
        ("input_layer_0", "InputLayer", False),
    ],
)
def test_generated_name_is_exactly_keras_rule(name, kind, generated):
    assert Row(name, kind, (None, 2), 0).generated_name is generated
