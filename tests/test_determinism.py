"""One seed, one result: the same initial weights and, on CPU, the same training history."""

import numpy as np
import pytest

from keras_recipes import RECIPES, build_mlp
from keras_recipes.train import train


def _same_weights(model, other):
    pairs = zip(model.weights, other.weights, strict=True)
    return all(np.array_equal(a.numpy(), b.numpy()) for a, b in pairs)


@pytest.mark.parametrize("name", RECIPES)
def test_same_seed_same_initial_weights(name):
    recipe = RECIPES[name]
    first = recipe.build(seed=7)
    assert _same_weights(first, recipe.build(seed=7))
    assert not _same_weights(first, recipe.build(seed=8))


def test_seed_must_be_a_whole_number():
    with pytest.raises(ValueError, match=r"^build_mlp\(\): seed=-1 is not usable"):
        build_mlp(seed=-1)
    with pytest.raises(ValueError, match=r"^build_mlp\(\): seed='1' is not usable"):
        build_mlp(seed="1")


def _fit(seed):
    result = train("mlp", samples=128, epochs=2, seed=seed, verbose=0)
    return result.history, result.test


def test_same_seed_same_training_history():
    history, test = _fit(seed=3)
    again_history, again_test = _fit(seed=3)
    assert again_history == history
    assert again_test == test
    other_history, _ = _fit(seed=4)
    assert other_history["loss"] != history["loss"]
