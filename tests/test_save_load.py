"""A recipe saved as .keras loads back as the same model, before and after training."""

import json

import keras
import numpy as np
import pytest

from keras_recipes import RECIPES, check


def _assert_same_model(model, loaded, inputs):
    # Through JSON, as the file stores it: tuples come back as lists.
    assert json.loads(loaded.to_json()) == json.loads(model.to_json())
    assert len(loaded.weights) == len(model.weights)
    for mine, theirs in zip(model.weights, loaded.weights, strict=True):
        assert mine.shape == theirs.shape, mine.path
        assert np.array_equal(
            keras.ops.convert_to_numpy(mine), keras.ops.convert_to_numpy(theirs)
        ), mine.path
    for mine, theirs in zip(
        keras.tree.flatten(model.predict(inputs, verbose=0)),
        keras.tree.flatten(loaded.predict(inputs, verbose=0)),
        strict=True,
    ):
        assert np.array_equal(mine, theirs)


# An optimizer that never stepped saves no slot variables, and Keras warns
# that it skips loading them; the after-fit test below checks the real state.
@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
@pytest.mark.parametrize("name", RECIPES)
def test_saved_recipe_loads_identical_and_still_matches_article(
    built, name, tmp_path, random_batch
):
    model = built[name]
    inputs, _ = random_batch(model, n=4)
    path = tmp_path / f"{name}.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    _assert_same_model(model, loaded, inputs)
    assert check(loaded, name).ok


def _quick(recipe):
    # Fitting through 784 time steps takes tens of seconds; 28 rows of 28
    # pixels exercise the same layers and the same saving code.
    if recipe.inputs[0].shape == (None, 784, 1):
        return {"input_shape": (28, 28)}
    return {}


@pytest.mark.parametrize("name", RECIPES)
def test_saved_after_fit_keeps_optimizer_state(name, tmp_path, random_batch):
    recipe = RECIPES[name]
    model = recipe.build(**_quick(recipe))
    inputs, targets = random_batch(model, n=8)
    model.fit(inputs, targets, epochs=1, batch_size=4, verbose=0)
    path = tmp_path / f"{name}-fitted.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    _assert_same_model(model, loaded, inputs)
    assert int(loaded.optimizer.iterations) == int(model.optimizer.iterations) == 2
    for mine, theirs in zip(model.optimizer.variables, loaded.optimizer.variables, strict=True):
        assert np.array_equal(
            keras.ops.convert_to_numpy(mine), keras.ops.convert_to_numpy(theirs)
        ), mine.path
