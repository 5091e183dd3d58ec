import pytest

from keras_recipes import RECIPES


@pytest.fixture(scope="session")
def built():
    """Every recipe built once with its defaults, by name."""
    return {name: recipe.build() for name, recipe in RECIPES.items()}
