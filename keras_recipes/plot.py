"""Model diagrams: ``keras.utils.model_to_dot`` with layer names and shapes, drawn by Graphviz.

A missing pydot or ``dot`` is an error naming its install command, not ``plot_model``'s note.
"""

from __future__ import annotations

import html
import importlib
import os
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keras_recipes import fonts
from keras_recipes.files import write_atomically
from keras_recipes.i18n import _, shown
from keras_recipes.registry import RECIPES, file_stem, get_recipe
from keras_recipes.system_packages import GRAPHVIZ, OTHER_SYSTEMS, install_command

if TYPE_CHECKING:
    import keras
    import pydot

# File suffix -> Graphviz output format. PNG is the default and the one checked in depth.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg"}
DEFAULT_DPI = 96  # readable at notebook width: 16-point names come out about 20 pixels tall


class GraphvizMissingError(RuntimeError):
    """pydot or Graphviz's ``dot`` program is missing; the message says how to install it."""


def require_graphviz() -> None:
    """Raises ``GraphvizMissingError`` unless pydot imports and ``dot`` is on ``PATH``."""
    try:
        importlib.import_module("pydot")
    except ImportError:
        message = _(
            "drawing a model needs the Python package pydot, which is missing; "
            "install it with: {python} -m pip install pydot"
        )
        raise GraphvizMissingError(message.format(python=sys.executable)) from None
    if shutil.which("dot") is None:
        message = _(
            "drawing a model needs Graphviz's 'dot' program, not found on PATH; "
            "install it with: {command} (elsewhere: {others}), then try again "
            "(in Jupyter, restart the kernel first)"
        )
        command = install_command(GRAPHVIZ)
        raise GraphvizMissingError(message.format(command=command, others=OTHER_SYSTEMS))


def to_dot(model: keras.Model, *, dpi: int = DEFAULT_DPI) -> pydot.Dot:
    """The graph ``plot_recipe`` draws, in ``fonts.graphviz_fontname()``; ``FontMissingError``
    for a label with a character no installed font has (Graphviz would draw a box)."""
    from keras_recipes._keras import keras

    graph = keras.utils.model_to_dot(
        model, show_shapes=True, show_layer_names=True, show_layer_activations=True, dpi=dpi
    )
    boxes = [node for node in graph.get_nodes() if node.get("label")]
    for node in boxes:
        label = node.get("label")  # HTML-like, starting "<b>{layer.name}</b> ({class})"
        name = re.search(r"<b>(.*?)</b>", label)
        text = html.unescape(re.sub(r"<[^>]*>", "", label))
        fonts.check_label(name.group(1) if name else node.get_name(), text)
    fontname = fonts.graphviz_fontname()  # after the check, which sees fonts installed since
    for node in boxes:
        node.set("fontname", fontname)  # Keras sets Helvetica on every box
    graph.set("fontname", fontname)
    graph.set_node_defaults(fontname=fontname)
    graph.set_edge_defaults(fontname=fontname)
    return graph


def _check_image(path: Path, image_format: str, target: Path) -> None:
    """Refuses what Graphviz wrote unless it is an image; a PNG is read whole."""
    from PIL import Image

    if path.stat().st_size == 0:
        raise RuntimeError(_("plot_recipe(): Graphviz wrote nothing to {path}").format(path=target))
    if image_format == "png":
        try:
            with Image.open(path) as image:
                image.verify()  # every chunk and its checksum: a file cut short fails
                if image.format != "PNG" or 0 in image.size:
                    raise ValueError(image.format)
        except (OSError, SyntaxError, ValueError):
            message = _("plot_recipe(): Graphviz did not write a PNG to {path}")
            raise RuntimeError(message.format(path=target)) from None


def plot_recipe(
    name_or_model: str | keras.Model,
    path: str | os.PathLike[str],
    *,
    dpi: int = DEFAULT_DPI,
    **builder_kwargs: Any,
) -> Path:
    """Draws a recipe (built with ``builder_kwargs``) or a model to ``path`` (a suffix of
    ``FORMATS``), written whole or not at all; returns ``path``."""
    target = Path(path)
    image_format = FORMATS.get(target.suffix.lower())
    if image_format is None:
        message = _(
            "plot_recipe(): path={path} is not usable: give a file name ending in {formats}"
        )
        raise ValueError(message.format(path=shown(path), formats=", ".join(FORMATS)))
    recipe = get_recipe(name_or_model) if isinstance(name_or_model, str) else None
    if recipe is None and builder_kwargs:
        message = _(
            "plot_recipe(): builder arguments {arguments} are not usable with a model; "
            "pass a recipe name to build one with them"
        )
        raise ValueError(message.format(arguments=sorted(builder_kwargs)))
    require_graphviz()
    model = name_or_model if recipe is None else recipe.build(**builder_kwargs)
    image = to_dot(model, dpi=dpi).create(format=image_format)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(
        target, lambda f: f.write(image), check=lambda p: _check_image(p, image_format, target)
    )
    return target


def write_diagrams(
    directory: str | os.PathLike[str], names: Iterable[str] | None = None, *, dpi: int = DEFAULT_DPI
) -> list[Path]:
    """Draws recipes (default: all) and their variants into ``directory``, one PNG each named
    like ``mlp.png`` or ``cnn-flatten=True.png``; returns the paths, in registry order."""
    require_graphviz()
    written = []
    for name in names if names is not None else list(RECIPES):
        recipe = get_recipe(name)
        for config in recipe.configurations():
            path = Path(directory) / f"{file_stem(recipe.name, config.kwargs)}.png"
            written.append(plot_recipe(recipe.name, path, dpi=dpi, **config.kwargs))
    return written
