import pytest

from keras_recipes import RECIPES, Recipe


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


# Steps given to an input of any length (a ticket's title).
STEPS = 6


def _random_arrays(tensors, n, rng, labels):
    """One array per tensor; ``labels(name)`` says which take integer class labels."""
    arrays = {}
    for tensor in tensors:
        name = tensor._keras_history.operation.name
        shape = (n, *(STEPS if d is None else d for d in tensor.shape[1:]))
        if labels(name):
            # Integer class labels: one per position before the class axis.
            arrays[name] = rng.integers(0, shape[-1], size=shape[:-1])
        elif "int" in str(tensor.dtype):
            arrays[name] = rng.integers(0, 2, size=shape)  # word indices, say
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

        def classes(name):
            # Outputs the model scores with a sparse categorical loss take labels.
            loss = model.loss.get(name) if isinstance(model.loss, dict) else model.loss
            return "sparsecategorical" in str(getattr(loss, "name", loss)).replace("_", "")

        return (
            _random_arrays(model.inputs, n, rng, labels=lambda name: False),
            _random_arrays(model.outputs, n, rng, labels=classes),
        )

    return make


@pytest.fixture
def in_tmp_path(tmp_path, monkeypatch):
    """Runs the test in its own temporary folder: whatever a command writes by
    default (``NAME.png``, ``runs/NAME``) lands there, never in the work tree."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def forbid_building(monkeypatch):
    """Fails the test if any recipe is built: for refusals that must come before any work."""

    def must_not_build(*args, **kwargs):
        raise AssertionError("built a model where the command should have stopped first")

    monkeypatch.setattr(Recipe, "build", must_not_build)


@pytest.fixture
def one_line():
    """``one_line(text)`` -> its only line; fails showing the whole text when there are more."""

    def only(text):
        lines = text.strip().splitlines()
        assert len(lines) == 1, text
        return lines[0]

    return only


@pytest.fixture
def png_pixels():
    """``png_pixels(path)`` -> (width, height) of a PNG image whose every pixel decodes.

    What a viewer needs: a truncated or corrupt file fails here, not only one
    with a bad header.
    """
    from PIL import Image

    def decode(path):
        with Image.open(path) as image:
            assert image.format == "PNG", f"{path} holds {image.format}, not PNG"
            image.load()
            return image.size

    return decode


@pytest.fixture
def quick_kwargs():
    """``quick_kwargs(recipe)`` -> builder arguments that make a recipe quick to fit.

    Fitting through 784 time steps takes tens of seconds; 28 rows of 28 pixels
    go through the same layers, the same per-step targets and the same saving code.
    """

    def quick(recipe):
        if recipe.inputs[0].shape == (None, 784, 1):
            return {"input_shape": (28, 28)}
        return {}

    return quick


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Tests read English unless they ask otherwise, whatever the machine's locale."""
    from keras_recipes import i18n

    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    with i18n.language("en"):
        yield
