"""The checker reports each kind of difference as that difference."""

import dataclasses
import random

import keras
import pytest
from keras import layers

from keras_recipes import (
    RECIPES,
    UnknownRecipeError,
    build_mlp,
    build_multi_output,
    check,
    read_rows,
)
from keras_recipes.article import CNN, SHARED_INPUT, Row


def test_wrong_width_is_reported_on_the_layer_and_the_next():
    report = check(build_mlp(hidden_units=(512, 200, 128)), "mlp")
    assert not report.ok
    assert report.problems() == [
        "hidden2: output shape (None, 216) expected, got (None, 200)",
        "hidden2: params 110,808 expected, got 102,600",
        "hidden3: params 27,776 expected, got 25,728",
        "Total params: 541,794 expected, got 531,538",
        "Trainable params: 541,794 expected, got 531,538",
    ]
    assert [r.status for r in report.rows] == ["ok", "ok", "differs", "differs", "ok"]


def test_missing_layer_is_reported_missing():
    report = check(build_mlp(hidden_units=(512, 216)), "mlp")
    statuses = {r.expected.name: r.status for r in report.rows}
    assert statuses["hidden3"] == "missing"
    assert "hidden3 (Dense): missing from the model" in report.problems()
    assert "output: params 1,290 expected, got 2,170" in report.problems()


def _shared_input(swap: bool) -> keras.Model:
    inputs = keras.Input((28, 28, 1), name="input")
    flats = []
    for i, (filters, kernel) in enumerate([(32, 4), (16, 8)], start=1):
        x = layers.Conv2D(filters, kernel, activation="relu", name=f"conv{i}")(inputs)
        x = layers.MaxPooling2D(2, name=f"pool{i}")(x)
        flats.append(layers.Flatten()(x))  # left unnamed, as in the article
    if swap:
        flats.reverse()
    x = layers.Concatenate()(flats)
    x = layers.Dense(64, activation="relu", name="hidden1")(x)
    return keras.Model(inputs, layers.Dense(10, name="output")(x))


def test_article_listing_with_keras_made_names_matches():
    assert check(_shared_input(swap=False), SHARED_INPUT).ok


def test_swapped_connection_is_reported_on_the_merge():
    model = _shared_input(swap=True)
    report = check(model, SHARED_INPUT)
    differing = [r for r in report.rows if r.status != "ok"]
    assert len(differing) == 1
    (merge,) = differing
    assert merge.expected.name == "concatenate_5"
    assert merge.actual.type == "Concatenate"
    flat1, flat2 = (model.get_layer(f"pool{i}")._outbound_nodes[0].operation.name for i in (1, 2))
    assert merge.differences == (
        f"connected to [{flat1}, {flat2}] expected, got [{flat2}, {flat1}]",
    )
    assert report.totals[0].ok  # same weights, different wiring


def test_extra_output_is_reported_extra():
    base = build_multi_output()
    extra = layers.Dense(3, name="output3")(base.get_layer("class12").output)
    model = keras.Model(base.inputs, [*base.outputs, extra])
    report = check(model, "multi-output")
    assert [(r.status, r.actual.name) for r in report.rows if r.status != "ok"] == [
        ("extra", "output3")
    ]
    assert "output3 (Dense): not in the expected summary" in report.problems()
    assert "Total params: 31,348 expected, got 31,447" in report.problems()


def test_row_order_does_not_matter(built):
    rows = list(SHARED_INPUT.rows)
    random.Random(7).shuffle(rows)
    shuffled = dataclasses.replace(SHARED_INPUT, rows=tuple(rows))
    assert check(built["shared-input"], shuffled).ok


def test_rows_are_read_through_the_keras_api(built):
    rows = {r.name: r for r in read_rows(built["multi-input"])}
    assert rows["merge"] == Row("merge", "Concatenate", (None, 3104), 0, ("flat1", "flat2"))
    assert rows["img_rgb_smallsize"].connected_to == ()


def test_article_alias_maxpool2d_is_maxpooling2d(built):
    rows = tuple(
        dataclasses.replace(r, type="MaxPool2D") if r.type == "MaxPooling2D" else r
        for r in CNN.rows
    )
    assert sum(r.type == "MaxPool2D" for r in rows) == 2
    assert check(built["cnn"], dataclasses.replace(CNN, rows=rows)).ok


def test_unknown_recipe_lists_the_known_ones(built):
    with pytest.raises(UnknownRecipeError) as error:
        check(built["mlp"], "lenet")
    message = str(error.value)
    assert "unknown recipe 'lenet'" in message
    for name in RECIPES:
        assert name in message


def test_report_renders_article_beside_keras(built):
    text = str(check(built["cnn"], "cnn"))
    assert "conv1 (Conv2D)" in text
    assert "(None, 25, 25, 128)" in text
    assert "138,122" in text
    assert "!" not in text  # no difference lines
