"""One seed, one result: the same initial weights and, on CPU, the same training history."""

import numpy as np
import pytest

from keras_recipes import RECIPES
from keras_recipes.train import train


def _same_weights(model, other):
    pairs = zip(model.weights, other.weights, strict=True)
    return all(np.array_equal(a.numpy(), b.numpy()) for a, b in pairs)


@pytest.mark.parametrize("name", RECIPES)
def test_same_seed_same_initial_weights(name):
    recipe = RECIPES[name]
    assert _same_weights(recipe.build(seed=7), recipe.build(seed=7))


def test_another_seed_other_initial_weights():
    assert not _same_weights(RECIPES["mlp"].build(seed=7), RECIPES["mlp"].build(seed=8))


def test_same_seed_same_training_history():
    first, again = (
        train("mlp", samples=32, epochs=1, shift=False, seed=3, verbose=0) for _ in range(2)
    )
    assert again.history == first.history
    assert again.test == first.test
