"""Model diagrams: every layer's name and output shape, drawn by Graphviz (PNG by default).

Keras draws with pydot and Graphviz's ``dot`` program. When either is missing,
``keras.utils.plot_model`` inside IPython may only print a message and return
None, and by default it hides layer names. ``plot_recipe`` checks for both
first, raises ``GraphvizMissingError`` naming the command that installs what is
missing on this system, always shows names and shapes, and checks the file it
wrote. It draws through ``keras.utils.model_to_dot``, the graph ``plot_model``
renders, so the graph drawn is the one ``to_dot`` returns. Importing this
module does not import TensorFlow.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from keras_recipes.files import write_atomically
from keras_recipes.registry import RECIPES, file_stem, get_recipe

if TYPE_CHECKING:
    import keras
    import pydot


# File suffix -> Graphviz output format. PNG is the default and the one checked in depth.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg"}

# Readable at notebook width: 16-point names come out about 20 pixels tall.
DEFAULT_DPI = 96


class GraphvizMissingError(RuntimeError):
    """pydot or Graphviz's ``dot`` program is missing; the message says how to install it."""


# ---------------------------------------------------------------- what to install


class _Installer(NamedTuple):
    typed: str  # as a person types it; ``sudo`` is added where needed
    unattended: str  # no prompt, no sudo: what scripts/ensure-graphviz.sh runs
    needs_root: bool = True


# The one table of how each system installs Graphviz; the set-up script asks
# graphviz_install_command() rather than keeping its own.
_APT = _Installer(
    "apt-get install graphviz",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
    "apt-get install -y -qq --no-install-recommends graphviz",
)
_BREW = _Installer("brew install graphviz", "brew install graphviz", needs_root=False)
_CONDA = _Installer(
    "conda install -c conda-forge graphviz",
    "conda install -y -c conda-forge graphviz",
    needs_root=False,
)
_WINGET = _Installer(
    "winget install graphviz (then add Graphviz's bin folder to PATH)", "", needs_root=False
)
_UNKNOWN = _Installer(
    "your system's graphviz package (see https://graphviz.org/download/)", "", needs_root=False
)
# Linux systems by their /etc/os-release ID or ID_LIKE; the first match wins.
_LINUX = (
    ({"debian", "ubuntu"}, _APT),
    ({"fedora", "rhel", "centos"}, _Installer("dnf install graphviz", "dnf install -y graphviz")),
    ({"alpine"}, _Installer("apk add graphviz", "apk add --no-cache graphviz")),
    ({"arch"}, _Installer("pacman -S graphviz", "pacman -S --noconfirm graphviz")),
    (
        {"suse", "opensuse"},
        _Installer("zypper install graphviz", "zypper --non-interactive install graphviz"),
    ),
)

# Shown beside this system's command: a kernel may run under another package manager.
OTHER_SYSTEMS = f"{_APT.typed} (Debian/Ubuntu), {_BREW.typed} (macOS), {_CONDA.typed} (conda)"


def _os_release() -> dict[str, str]:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key: value.strip().strip('"') for key, value in pairs}


def _installer() -> _Installer:
    if (Path(sys.prefix) / "conda-meta").is_dir():
        # Python runs from a conda environment: conda-forge's Graphviz lands on its PATH.
        return _CONDA
    if sys.platform == "darwin":
        return _BREW
    if sys.platform == "win32":
        return _WINGET
    release = _os_release()
    family = {release.get("ID", ""), *release.get("ID_LIKE", "").split()}
    return next((installer for ids, installer in _LINUX if family & ids), _UNKNOWN)


def graphviz_install_command(*, unattended: bool = False) -> str:
    """The command that installs Graphviz on this system.

    Decided from the platform and ``/etc/os-release``, not from ``PATH``, so it
    is right even where ``PATH`` is what hides ``dot`` (a Jupyter kernel
    started outside a shell, say).

    Args:
        unattended: give the form that runs without a prompt and without
            ``sudo``, for a set-up script that adds ``sudo -n`` where it must.

    Returns:
        A shell command, e.g. ``sudo apt-get install graphviz``. Unattended,
        ``""`` where no package manager is known.
    """
    installer = _installer()
    if unattended:
        return installer.unattended
    if not installer.needs_root:
        return installer.typed
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if installer is _APT:  # root, likely a fresh container whose package lists are empty
            return "apt-get update && apt-get install -y graphviz"
        return installer.typed
    return f"sudo {installer.typed}"


def require_graphviz() -> None:
    """Checks that pydot imports and that Graphviz's ``dot`` is on ``PATH``.

    Raises:
        GraphvizMissingError: naming what is missing and the command that installs it.
    """
    try:
        importlib.import_module("pydot")
    except ImportError:
        raise GraphvizMissingError(
            "drawing a model needs the Python package pydot, which is missing; "
            f"install it with: {sys.executable} -m pip install pydot"
        ) from None
    if shutil.which("dot") is None:
        raise GraphvizMissingError(
            "drawing a model needs Graphviz's 'dot' program, not found on PATH; "
            f"install it with: {graphviz_install_command()} "
            f"(elsewhere: {OTHER_SYSTEMS}), then try again "
            "(in Jupyter, restart the kernel first)"
        )


# ---------------------------------------------------------------- drawing


def to_dot(model: keras.Model, *, dpi: int = DEFAULT_DPI) -> pydot.Dot:
    """The Graphviz graph ``plot_recipe`` draws: one box per layer with its name and shapes.

    Args:
        model: a built Keras model.
        dpi: resolution of the rendered image.

    Returns:
        A ``pydot.Dot`` graph; ``to_string()`` gives its Graphviz source.
    """
    from keras_recipes._keras import keras

    return keras.utils.model_to_dot(
        model,
        show_shapes=True,
        show_layer_names=True,  # Keras 3 hides them by default; the article names every layer
        show_layer_activations=True,
        dpi=dpi,
    )


def png_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Width and height of a whole PNG file, read with Pillow (installed with matplotlib).

    Raises:
        ValueError: when the file is not a PNG image, or is cut short.
    """
    from PIL import Image

    try:
        with Image.open(path) as image:
            if image.format != "PNG":
                raise ValueError(image.format)
            image.verify()  # reads every chunk and its checksum: a truncated file fails
            return image.size
    except (OSError, SyntaxError, ValueError):
        raise ValueError(f"{os.fspath(path)} is not a whole PNG image") from None


def plot_recipe(
    name_or_model: str | keras.Model,
    path: str | os.PathLike[str],
    *,
    dpi: int = DEFAULT_DPI,
    **builder_kwargs: Any,
) -> Path:
    """Draws a recipe, or any built model, to an image with each layer's name and shapes.

    Args:
        name_or_model: a recipe name from ``RECIPES`` (built with ``builder_kwargs``),
            or a Keras model already built.
        path: the image to write, usually ``.png`` (also ``.svg``, ``.pdf``, ``.jpg``);
            its folder is created if needed.
        dpi: resolution of the image.
        **builder_kwargs: passed to the recipe's builder, e.g. ``flatten=True`` for
            the corrected CNN. Only with a recipe name.

    Returns:
        The path written, once it holds a valid image (a PNG is read whole,
        every chunk's checksum included). The image is written under a temporary name beside it and
        renamed when checked, so a failed write leaves the previous file whole.

    Raises:
        GraphvizMissingError: pydot or Graphviz's ``dot`` is missing (checked first).
        UnknownRecipeError: an unknown recipe name (the message lists the known ones).
        ValueError: a path with another suffix, or builder arguments given with a model.
    """
    target = Path(path)
    image_format = FORMATS.get(target.suffix.lower())
    if image_format is None:
        raise ValueError(
            f"plot_recipe(): path={os.fspath(path)!r} is not usable: give a file name "
            f"ending in {', '.join(FORMATS)}"
        )
    if isinstance(name_or_model, str):
        recipe = get_recipe(name_or_model)
        require_graphviz()
        model = recipe.build(**builder_kwargs)
    else:
        if builder_kwargs:
            raise ValueError(
                f"plot_recipe(): builder arguments {sorted(builder_kwargs)} are not usable "
                "with a model; pass a recipe name to build one with them"
            )
        require_graphviz()
        model = name_or_model
    image = to_dot(model, dpi=dpi).create(format=image_format)

    def check(written: Path) -> None:
        if written.stat().st_size == 0:
            raise RuntimeError(f"plot_recipe(): Graphviz wrote nothing to {target}")
        if image_format == "png":
            try:
                width, height = png_size(written)
            except ValueError:
                raise RuntimeError(
                    f"plot_recipe(): Graphviz did not write a PNG to {target}"
                ) from None
            if width == 0 or height == 0:
                raise RuntimeError(f"plot_recipe(): Graphviz wrote an empty image to {target}")

    target.parent.mkdir(parents=True, exist_ok=True)
    # Under a temporary name, renamed once checked: a full disk or an
    # interruption leaves the previous image whole, or none.
    write_atomically(target, lambda f: f.write(image), check=check)
    return target


def write_diagrams(
    directory: str | os.PathLike[str],
    names: Iterable[str] | None = None,
    *,
    dpi: int = DEFAULT_DPI,
) -> list[Path]:
    """Draws recipes and their variants into ``directory``, one PNG each.

    Files are named after the recipe (``mlp.png``) and, for a variant, its
    arguments too (``cnn-flatten=True.png``).

    Args:
        directory: where to write; created if needed.
        names: recipe names; default every recipe in ``RECIPES``.
        dpi: resolution of the images.

    Returns:
        The paths written, in registry order.
    """
    require_graphviz()
    out = Path(directory)
    written = []
    for name in names if names is not None else list(RECIPES):
        recipe = get_recipe(name)
        for config in recipe.configurations():
            stem = file_stem(recipe.name, config.kwargs)
            written.append(plot_recipe(recipe.name, out / f"{stem}.png", dpi=dpi, **config.kwargs))
    return written
