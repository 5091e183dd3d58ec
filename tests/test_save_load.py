"""A recipe saved as .keras loads back as the same model, before and after training."""

import json

import keras
import numpy as np
import pytest

from keras_recipes import RECIPES, check


def _assert_same_values(variables, loaded_variables):
    for mine, theirs in zip(variables, loaded_variables, strict=True):
        assert mine.shape == theirs.shape, mine.path
        assert np.array_equal(
            keras.ops.convert_to_numpy(mine), keras.ops.convert_to_numpy(theirs)
        ), mine.path


def _assert_same_model(model, loaded, inputs=None):
    # Through JSON, as the file stores it: tuples come back as lists.
    assert json.loads(loaded.to_json()) == json.loads(model.to_json())
    _assert_same_values(model.weights, loaded.weights)
    if inputs is None:
        return
    # Called directly: predict() would trace a function for each of the two models.
    for mine, theirs in zip(
        keras.tree.flatten(model(inputs, training=False)),
        keras.tree.flatten(loaded(inputs, training=False)),
        strict=True,
    ):
        assert np.array_equal(keras.ops.convert_to_numpy(mine), keras.ops.convert_to_numpy(theirs))


def _reloaded(model, path, inputs=None):
    """``model`` saved to ``path`` and loaded back, checked to be the same model: the same
    layers and weights, and, given ``inputs``, the same predictions."""
    model.save(path)
    loaded = keras.models.load_model(path)
    _assert_same_model(model, loaded, inputs)
    return loaded


# An optimizer that never stepped saves no slot variables, and Keras warns
# that it skips loading them; the after-fit test below checks the real state.
@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
@pytest.mark.parametrize("name", RECIPES)
def test_saved_recipe_loads_identical_and_still_matches_article(built, name, tmp_path):
    # Predictions are compared after fitting, below. The printed multi-output model would
    # take most of a minute here: Keras traces its TimeDistributed layer once per step, 784.
    loaded = _reloaded(built[name], tmp_path / f"{name}.keras")
    assert check(loaded, name).ok


def test_saved_after_fit_keeps_optimizer_state_and_predictions(tmp_path, random_batch):
    # The optimizer's state is the same for every recipe; this one has two named inputs.
    model = RECIPES["multi-input"].build()
    inputs, targets = random_batch(model, n=8)
    model.fit(inputs, targets, epochs=1, batch_size=4, verbose=0)
    loaded = _reloaded(model, tmp_path / "multi-input-fitted.keras", inputs)
    assert int(loaded.optimizer.iterations) == int(model.optimizer.iterations) == 2
    _assert_same_values(model.optimizer.variables, loaded.optimizer.variables)
