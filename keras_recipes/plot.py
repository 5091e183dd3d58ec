"""Draw a recipe's layer graph to an image file with ``keras.utils.plot_model``.

Drawing needs two things outside Python's standard library: the ``pydot``
package and Graphviz's ``dot`` program. Both are checked before a model is
built, so a missing one is reported at once, with the command that installs it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import keras

INSTALL_GRAPHVIZ = (
    "apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS) "
    "or conda install graphviz"
)


class GraphvizMissingError(RuntimeError):
    """Graphviz's ``dot`` program or the ``pydot`` package is not installed."""


def check_graphviz() -> None:
    """Raises ``GraphvizMissingError`` unless ``dot`` is on PATH and ``pydot`` imports."""
    if shutil.which("dot") is None:
        raise GraphvizMissingError(
            f"drawing a model needs Graphviz's 'dot' program, not found on PATH; "
            f"install it with: {INSTALL_GRAPHVIZ}"
        )
    try:
        import pydot  # noqa: F401
    except ImportError:
        raise GraphvizMissingError(
            "drawing a model needs the pydot package; install it with: pip install pydot"
        ) from None


def plot_recipe(recipe: str | keras.Model, path: str | Path, **builder_kwargs: Any) -> Path:
    """Draws a recipe (or a built model) with its layer names and shapes.

    Args:
        recipe: a recipe name from the registry, or a built ``keras.Model``.
        path: the image file to write; its suffix (``.png``, ``.svg``, ``.pdf``)
            picks the format.
        **builder_kwargs: builder arguments when ``recipe`` is a name, e.g.
            ``flatten=True`` for the corrected CNN.

    Returns:
        The path written.

    Raises:
        GraphvizMissingError: when ``dot`` or ``pydot`` is missing (checked first).
        UnknownRecipeError: for a name not in the registry.
        ValueError: for builder arguments given with a built model.
    """
    check_graphviz()
    if isinstance(recipe, str):
        from keras_recipes.registry import get_recipe

        model = get_recipe(recipe).build(**builder_kwargs)
    elif builder_kwargs:
        raise ValueError(
            f"plot_recipe(): builder arguments {sorted(builder_kwargs)} apply to a recipe "
            "name, not to a model that is already built"
        )
    else:
        model = recipe
    from keras_recipes._keras import keras

    path = Path(path)
    keras.utils.plot_model(model, to_file=str(path), show_shapes=True, show_layer_names=True)
    return path
