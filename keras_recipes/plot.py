"""Model diagrams: every layer's name and output shape, drawn by Graphviz (PNG by default).

Keras draws with pydot and Graphviz's ``dot`` program. When either is missing,
``keras.utils.plot_model`` inside IPython may only print a message and return
None, and by default it hides layer names. ``plot_recipe`` checks for both
first, raises ``GraphvizMissingError`` naming the command that installs what is
missing on this system, always shows names and shapes, and checks the file it
wrote. It draws through ``keras.utils.model_to_dot``, the graph ``plot_model``
renders, so the graph drawn is the one ``to_dot`` returns. Labels are drawn in
a font list that has Traditional Chinese (``keras_recipes.fonts``), and a
character no installed font has raises ``FontMissingError`` rather than coming
out as a box. Importing this module does not import TensorFlow.
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
from typing import TYPE_CHECKING, Any, NamedTuple

from keras_recipes import fonts
from keras_recipes.files import write_atomically
from keras_recipes.i18n import _, shown
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


# The system packages the project needs, by what they give: the first two for drawing,
# the browser for the website's tests (make test).
GRAPHVIZ = "graphviz"  # the `dot` program Keras draws diagrams with
CJK_FONT = "cjk-font"  # a font with Traditional Chinese characters, for Chinese labels and titles
BROWSER = "browser"  # Chromium, which the tests open the built website in
SYSTEM_PACKAGES = (GRAPHVIZ, CJK_FONT, BROWSER)


class _Installer(NamedTuple):
    typed: str  # as a person types it; ``sudo`` is added where needed
    unattended: str  # no prompt, no sudo: what scripts/ensure-system-packages.sh runs
    needs_root: bool = True
    typed_as_root: str = ""  # where root types something else


def _apt(package: str) -> _Installer:
    return _Installer(
        f"apt-get install {package}",
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
        f"apt-get install -y -qq --no-install-recommends {package}",
        # Root is likely in a fresh container, whose package lists are empty.
        typed_as_root=f"apt-get update && apt-get install -y {package}",
    )


def _brew(package: str) -> _Installer:
    return _Installer(f"brew install {package}", f"brew install {package}", needs_root=False)


# The one table of how each system installs each package; the set-up script
# asks install_command() rather than keeping its own.
_Packages = dict[str, _Installer]

_CONDA_GRAPHVIZ = _Installer(
    "conda install -c conda-forge graphviz",
    "conda install -y -c conda-forge graphviz",
    needs_root=False,
)
_MACOS: _Packages = {
    GRAPHVIZ: _brew("graphviz"),
    CJK_FONT: _brew("--cask font-noto-sans-cjk-tc"),
    BROWSER: _brew("--cask chromium"),
}
_WINDOWS: _Packages = {
    GRAPHVIZ: _Installer(
        "winget install graphviz (then add Graphviz's bin folder to PATH)", "", needs_root=False
    ),
    CJK_FONT: _Installer(
        "the Noto Sans CJK TC font (see https://github.com/notofonts/noto-cjk)",
        "",
        needs_root=False,
    ),
    BROWSER: _Installer("winget install Hibbiki.Chromium", "", needs_root=False),
}
_UNKNOWN: _Packages = {
    GRAPHVIZ: _Installer(
        "your system's graphviz package (see https://graphviz.org/download/)", "", needs_root=False
    ),
    CJK_FONT: _Installer(
        "your system's Noto Sans CJK font package (see https://github.com/notofonts/noto-cjk)",
        "",
        needs_root=False,
    ),
    BROWSER: _Installer("your system's chromium package", "", needs_root=False),
}
# Linux systems by their /etc/os-release ID or ID_LIKE; the first match wins.
_LINUX: tuple[tuple[set[str], _Packages], ...] = (
    (
        {"debian", "ubuntu"},
        {GRAPHVIZ: _apt("graphviz"), CJK_FONT: _apt("fonts-noto-cjk"), BROWSER: _apt("chromium")},
    ),
    (
        {"fedora", "rhel", "centos"},
        {
            GRAPHVIZ: _Installer("dnf install graphviz", "dnf install -y graphviz"),
            CJK_FONT: _Installer(
                "dnf install google-noto-sans-cjk-fonts",
                "dnf install -y google-noto-sans-cjk-fonts",
            ),
            BROWSER: _Installer("dnf install chromium", "dnf install -y chromium"),
        },
    ),
    (
        {"alpine"},
        {
            GRAPHVIZ: _Installer("apk add graphviz", "apk add --no-cache graphviz"),
            CJK_FONT: _Installer("apk add font-noto-cjk", "apk add --no-cache font-noto-cjk"),
            BROWSER: _Installer("apk add chromium", "apk add --no-cache chromium"),
        },
    ),
    (
        {"arch"},
        {
            GRAPHVIZ: _Installer("pacman -S graphviz", "pacman -S --noconfirm graphviz"),
            CJK_FONT: _Installer(
                "pacman -S noto-fonts-cjk", "pacman -S --noconfirm noto-fonts-cjk"
            ),
            BROWSER: _Installer("pacman -S chromium", "pacman -S --noconfirm chromium"),
        },
    ),
    (
        {"suse", "opensuse"},
        {
            GRAPHVIZ: _Installer(
                "zypper install graphviz", "zypper --non-interactive install graphviz"
            ),
            CJK_FONT: _Installer(
                "zypper install google-noto-sans-cjk-fonts",
                "zypper --non-interactive install google-noto-sans-cjk-fonts",
            ),
            BROWSER: _Installer(
                "zypper install chromium", "zypper --non-interactive install chromium"
            ),
        },
    ),
)

# Shown beside this system's command: a kernel may run under another package manager.
OTHER_SYSTEMS = (
    f"{_apt('graphviz').typed} (Debian/Ubuntu), {_MACOS[GRAPHVIZ].typed} (macOS), "
    f"{_CONDA_GRAPHVIZ.typed} (conda)"
)
OTHER_SYSTEMS_FONT = (
    f"{_apt('fonts-noto-cjk').typed} (Debian/Ubuntu), {_MACOS[CJK_FONT].typed} (macOS)"
)


def _os_release() -> dict[str, str]:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key: value.strip().strip('"') for key, value in pairs}


def _installer(package: str) -> _Installer:
    if package == GRAPHVIZ and (Path(sys.prefix) / "conda-meta").is_dir():
        # Python runs from a conda environment: conda-forge's Graphviz lands on its
        # PATH. Fonts still come from the system, where conda's fontconfig looks too.
        return _CONDA_GRAPHVIZ
    if sys.platform == "darwin":
        return _MACOS[package]
    if sys.platform == "win32":
        return _WINDOWS[package]
    release = _os_release()
    family = {release.get("ID", ""), *release.get("ID_LIKE", "").split()}
    packages = next((packages for ids, packages in _LINUX if family & ids), _UNKNOWN)
    return packages[package]


def install_command(package: str, *, unattended: bool = False) -> str:
    """The command that installs one of ``SYSTEM_PACKAGES`` on this system.

    Decided from the platform and ``/etc/os-release``, not from ``PATH``, so it
    is right even where ``PATH`` is what hides ``dot`` (a Jupyter kernel
    started outside a shell, say).

    Args:
        package: ``GRAPHVIZ``, ``CJK_FONT`` or ``BROWSER``.
        unattended: give the form that runs without a prompt and without
            ``sudo``, for a set-up script that adds ``sudo -n`` where it must.

    Returns:
        A shell command, e.g. ``sudo apt-get install fonts-noto-cjk``. Unattended,
        ``""`` where no package manager is known.

    Raises:
        KeyError: ``package`` is not one of ``SYSTEM_PACKAGES``.
    """
    installer = _installer(package)
    if unattended:
        return installer.unattended
    if not installer.needs_root:
        return installer.typed
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return installer.typed_as_root or installer.typed
    return f"sudo {installer.typed}"


def graphviz_install_command(*, unattended: bool = False) -> str:
    """The command that installs Graphviz here, e.g. ``sudo apt-get install graphviz``."""
    return install_command(GRAPHVIZ, unattended=unattended)


def cjk_font_install_command(*, unattended: bool = False) -> str:
    """The command that installs a Traditional Chinese font here (Noto Sans CJK where known)."""
    return install_command(CJK_FONT, unattended=unattended)


def require_graphviz() -> None:
    """Checks that pydot imports and that Graphviz's ``dot`` is on ``PATH``.

    Raises:
        GraphvizMissingError: naming what is missing and the command that installs it.
    """
    try:
        importlib.import_module("pydot")
    except ImportError:
        raise GraphvizMissingError(
            _(
                "drawing a model needs the Python package pydot, which is missing; "
                "install it with: {python} -m pip install pydot"
            ).format(python=sys.executable)
        ) from None
    if shutil.which("dot") is None:
        raise GraphvizMissingError(
            _(
                "drawing a model needs Graphviz's 'dot' program, not found on PATH; "
                "install it with: {command} (elsewhere: {others}), then try again "
                "(in Jupyter, restart the kernel first)"
            ).format(command=graphviz_install_command(), others=OTHER_SYSTEMS)
        )


# ---------------------------------------------------------------- drawing


def to_dot(model: keras.Model, *, dpi: int = DEFAULT_DPI) -> pydot.Dot:
    """The Graphviz graph ``plot_recipe`` draws: one box per layer with its name and shapes.

    Args:
        model: a built Keras model.
        dpi: resolution of the rendered image.

    Returns:
        A ``pydot.Dot`` graph; ``to_string()`` gives its Graphviz source. Its
        font is a family list, Latin first, then one with Traditional Chinese.

    Raises:
        FontMissingError: a label holds a character no installed font has
            (Graphviz would draw a box with its code point instead).
    """
    from keras_recipes._keras import keras

    graph = keras.utils.model_to_dot(
        model,
        show_shapes=True,
        show_layer_names=True,  # Keras 3 hides them by default; the article names every layer
        show_layer_activations=True,
        dpi=dpi,
    )
    _draw_in_fonts_that_have_every_character(graph, model)
    return graph


def _label_text(label: str) -> str:
    """What an HTML-like Graphviz label shows: its markup removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", label))


def _draw_in_fonts_that_have_every_character(graph: pydot.Dot, model: keras.Model) -> None:
    layers = (*getattr(model, "_operations", ()), *model.layers)
    names = {str(id(layer)): layer.name for layer in layers}  # Keras names each node id(layer)
    boxes = [node for node in graph.get_nodes() if node.get_name() not in ("node", "edge")]
    for node in boxes:
        label = node.get("label")
        if label:
            fonts.check_label(names.get(node.get_name(), node.get_name()), _label_text(label))
    fontname = fonts.graphviz_fontname()  # after the check, which sees fonts installed since
    for node in boxes:
        node.set("fontname", fontname)  # Keras sets Helvetica on every node
    graph.set("fontname", fontname)
    graph.set_node_defaults(fontname=fontname)
    graph.set_edge_defaults(fontname=fontname)


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
        raise ValueError(
            _("{path} is not a whole PNG image").format(path=os.fspath(path))
        ) from None


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
        FontMissingError: a layer's name has a character no installed font has.
        ValueError: a path with another suffix, or builder arguments given with a model.
    """
    target = Path(path)
    image_format = FORMATS.get(target.suffix.lower())
    if image_format is None:
        raise ValueError(
            _(
                "plot_recipe(): path={path} is not usable: give a file name ending in {formats}"
            ).format(path=shown(path), formats=", ".join(FORMATS))
        )
    if isinstance(name_or_model, str):
        recipe = get_recipe(name_or_model)
        require_graphviz()
        model = recipe.build(**builder_kwargs)
    else:
        if builder_kwargs:
            raise ValueError(
                _(
                    "plot_recipe(): builder arguments {arguments} are not usable with a model; "
                    "pass a recipe name to build one with them"
                ).format(arguments=sorted(builder_kwargs))
            )
        require_graphviz()
        model = name_or_model
    image = to_dot(model, dpi=dpi).create(format=image_format)

    def check(written: Path) -> None:
        if written.stat().st_size == 0:
            raise RuntimeError(
                _("plot_recipe(): Graphviz wrote nothing to {path}").format(path=target)
            )
        if image_format == "png":
            try:
                width, height = png_size(written)
            except ValueError:
                raise RuntimeError(
                    _("plot_recipe(): Graphviz did not write a PNG to {path}").format(path=target)
                ) from None
            if width == 0 or height == 0:
                raise RuntimeError(
                    _("plot_recipe(): Graphviz wrote an empty image to {path}").format(path=target)
                )

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
