"""Fonts for pictures: Chinese in a Traditional Chinese font, and an error, not a box, for a
character no font has (diagrams ask fontconfig; matplotlib's warning is made an error).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
import warnings
from collections.abc import Callable
from typing import Any

from keras_recipes.i18n import _
from keras_recipes.system_packages import CJK_FONT, OTHER_SYSTEMS_FONT, install_command

# Traditional Chinese sans-serif families, best first, as fontconfig lists them: Noto Sans
# CJK TC is what the set-up installs; the others come with macOS and Windows.
PREFERRED_FAMILIES = (
    "Noto Sans CJK TC,Source Han Sans TC,Noto Sans TC,PingFang TC,Microsoft JhengHei,Heiti TC"
)
KERAS_DIAGRAM_FONT = "Helvetica"  # Keras names it; Graphviz reads it as fontconfig's sans-serif
MATPLOTLIB_LATIN_FONT = "DejaVu Sans"  # matplotlib's default, which it ships
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})  # controls, format marks, spaces
# matplotlib's warning: "Glyph 23416 (\N{CJK UNIFIED IDEOGRAPH-5B78}) missing from font(s) ..."
_GLYPH_MISSING = re.compile(r"^Glyph (\d+) .*missing from font")


class FontMissingError(RuntimeError):
    """No font can draw a character of a label or title; the message names it and the fix."""


def _fontconfig(*command: str) -> str:
    """What an ``fc-*`` program prints; ``""`` where fontconfig is missing."""
    if shutil.which(command[0]) is None:
        return ""
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    return done.stdout if done.returncode == 0 else ""


@functools.cache
def cjk_family() -> str | None:
    """The first of ``PREFERRED_FAMILIES`` installed, else fontconfig's pick for zh-TW, or None."""
    pattern = f"{PREFERRED_FAMILIES}:lang=zh-tw"
    family, *langs = _fontconfig("fc-match", "--format=%{family[0]}|%{lang}", pattern).split("|")
    return family if "zh-tw" in langs else None  # fc-match names a font even where none fits


def graphviz_fontname() -> str:
    """Keras' Helvetica as Graphviz reads it, then ``cjk_family()``, not any CJK font first."""
    latin = _fontconfig("fc-match", "--format=%{family[0]}", "sans-serif")
    cjk = cjk_family()
    return f"{latin},{cjk}" if latin and cjk else KERAS_DIAGRAM_FONT


def _one_font_has(characters: str) -> bool:
    charset = " ".join(f"{ord(c):x}" for c in characters)
    return bool(_fontconfig("fc-list", f":charset={charset}", "family").strip())


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` drawn as glyphs that no installed font has, each once."""
    drawn = (c for c in text if not c.isascii() and unicodedata.category(c) not in _NOT_DRAWN)
    beyond_ascii = "".join(dict.fromkeys(drawn))  # ASCII is in every font
    if not beyond_ascii or _one_font_has(beyond_ascii):  # the usual answers, in one question
        return []
    cjk_family.cache_clear()  # the fix is a font: the next drawing looks again
    return [c for c in beyond_ascii if not _one_font_has(c)]


def _advice(character: str) -> dict[str, str]:
    return {
        "character": f"{character!r} (U+{ord(character):04X})",  # '輸' (U+8F38)
        "command": install_command(CJK_FONT),
        "elsewhere": OTHER_SYSTEMS_FONT,
    }


def check_label(layer: str, text: str) -> None:
    """Raises ``FontMissingError`` when no installed font has a character of a layer's label."""
    if missing := missing_characters(text):
        message = _(
            "cannot draw layer {layer}: no installed font has the character {character}. "
            "Install a font that has it, or rename the layer. For Chinese text: "
            "{command} (elsewhere: {elsewhere})"
        )
        raise FontMissingError(message.format(layer=repr(layer), **_advice(missing[0])))


def matplotlib_families() -> list[str]:
    """DejaVu Sans, then a Traditional Chinese family matplotlib has (if any), each named:
    matplotlib falls back along ``font.family`` but takes one font of a generic family."""
    from matplotlib import font_manager

    def known() -> set[str]:
        return {font.name for font in font_manager.fontManager.ttflist}

    family = cjk_family()
    if family is not None and family not in known():  # installed since matplotlib's cache
        for path in _fontconfig("fc-list", "--format=%{file}\\n", family).splitlines():
            font_manager.fontManager.addfont(path)
    cjk = [name for name in (family, *PREFERRED_FAMILIES.split(",")) if name in known()]
    return [MATPLOTLIB_LATIN_FONT, *cjk[:1]]


def checked_figure(draw: Callable[[], Any]) -> Any:
    """The figure ``draw()`` makes in ``matplotlib_families()``, laid out once; its text keeps
    those fonts when saved later. ``FontMissingError`` where a character is in none of them."""
    import matplotlib
    from matplotlib.text import Text

    families = matplotlib_families()
    with (
        matplotlib.rc_context({"font.family": families}),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")  # every time, not once per place that warns
        figure = draw()
        figure.draw_without_rendering()
    missing = []
    for w in caught:
        if match := _GLYPH_MISSING.match(str(w.message)):
            missing.append(chr(int(match.group(1))))
        else:  # not ours to hold back
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if not missing:
        return figure
    cjk_family.cache_clear()  # the next figure sees a font installed since
    text = next((t.get_text() for t in figure.findobj(Text) if missing[0] in t.get_text()), "")
    raise FontMissingError(
        _(
            "cannot draw the text {text}: none of the fonts matplotlib draws with ({fonts}) "
            "has the character {character}. Install a font that has it, or change the text. "
            "For Chinese text: {command} (elsewhere: {elsewhere})"
        ).format(text=repr(text), fonts=", ".join(families), **_advice(missing[0]))
    )
