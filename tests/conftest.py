import pytest

from keras_recipes import RECIPES


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite tests/golden/ from what the program prints now (make golden)",
    )


@pytest.fixture
def regen_golden(request):
    """True when the golden files are to be rewritten rather than compared."""
    return request.config.getoption("--regen-golden")


@pytest.fixture(scope="session")
def built():
    """Every recipe built once with its defaults, by name."""
    return {name: recipe.build() for name, recipe in RECIPES.items()}


def _random_arrays(tensors, n, rng, labels):
    arrays = {}
    for tensor in tensors:
        name, shape = tensor._keras_history.operation.name, (n, *tensor.shape[1:])
        if labels and shape[-1] > 1:
            # Integer class labels: one per position before the class axis.
            arrays[name] = rng.integers(0, shape[-1], size=shape[:-1])
        else:
            arrays[name] = rng.random(shape, dtype="float32")
    # One tensor goes in bare: a Sequential model takes no dict.
    return next(iter(arrays.values())) if len(arrays) == 1 else arrays


@pytest.fixture
def random_batch():
    """``random_batch(model, n)`` -> (inputs, targets) shaped like the model's tensors."""
    import numpy as np

    def make(model, n=8, seed=0):
        rng = np.random.default_rng(seed)
        return (
            _random_arrays(model.inputs, n, rng, labels=False),
            _random_arrays(model.outputs, n, rng, labels=True),
        )

    return make
