"""Every recipe, as built on Keras 3, against the summaries the article printed."""

import pytest

from keras_recipes import RECIPES, build_cnn, check


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
    printed = {name for name, r in RECIPES.items() if r.expected.printed}
    assert printed == set(RECIPES) - {"sequential"}
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
