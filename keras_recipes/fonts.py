"""Fonts for Chinese text in pictures: which installed font draws it, and an error where none can.

Without a font for a character, Graphviz draws a box holding its code point and
matplotlib an empty box with only a warning. Graphviz picks fonts through
fontconfig (Pango falls back, character by character, to any installed font), so
this module asks fontconfig's ``fc-list`` and ``fc-match`` the same questions:
which family has Traditional Chinese, and whether every character of a label is
in some installed font. matplotlib keeps its own list of fonts, which is pointed
at the same family. A character no font has raises ``FontMissingError``, naming
it and the command that installs a Chinese font. Importing this module imports
neither matplotlib nor TensorFlow.
"""

from __future__ import annotations

import bisect
import functools
import re
import shutil
import subprocess
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from keras_recipes.i18n import _

# Traditional Chinese sans-serif families (sans-serif like the Latin text), best
# first: Noto Sans CJK TC is what the set-up installs; others come with macOS and Windows.
PREFERRED_FAMILIES = (
    "Noto Sans CJK TC",
    "Source Han Sans TC",
    "Noto Sans TC",
    "PingFang TC",
    "Microsoft JhengHei",
    "Heiti TC",
)

# The font Keras names for diagram labels; fontconfig says what it is here.
KERAS_DIAGRAM_FONT = "Helvetica"
# What Graphviz asks fontconfig for when a diagram names Helvetica.
GRAPHVIZ_HELVETICA = "sans-serif"

# matplotlib's default font, which it ships: English curves keep it.
MATPLOTLIB_LATIN_FONT = "DejaVu Sans"

# Unicode categories drawn as no glyph: controls, format marks, spaces and separators.
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


class FontMissingError(RuntimeError):
    """No font can draw a character of a label or title; the message names it and the fix."""


# ---------------------------------------------------------------- asking fontconfig


def _fontconfig(*command: str) -> str | None:
    """What an ``fc-*`` program prints, or None where fontconfig's programs are missing."""
    if shutil.which(command[0]) is None:
        return None
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    return done.stdout if done.returncode == 0 else None


@functools.cache
def cjk_family() -> str | None:
    """The family Chinese text is drawn in, or None where fontconfig knows none.

    The first of ``PREFERRED_FAMILIES`` installed, else any family fontconfig
    lists for Traditional Chinese, sans-serif first.
    """
    listed = _fontconfig("fc-list", ":lang=zh-tw", "family") or ""
    # A line may give one family several names, comma-separated; the first is its own.
    families = {line.split(",")[0].strip() for line in listed.splitlines() if line.strip()}
    for family in PREFERRED_FAMILIES:
        if family in families:
            return family
    ranked = sorted(families, key=lambda name: ("Serif" in name or "Mono" in name, name))
    return ranked[0] if ranked else None


@functools.cache
def latin_family() -> str:
    """The family Keras' ``Helvetica`` stands for here, as Graphviz draws it.

    Graphviz reads PostScript names through its own table, in which Helvetica is the
    generic sans-serif family: fontconfig's answer for ``sans-serif``, which is not always
    its answer for ``Helvetica`` (with Liberation Sans installed, say).
    """
    matched = _fontconfig("fc-match", "--format=%{family[0]}", GRAPHVIZ_HELVETICA)
    return matched.strip() if matched and matched.strip() else KERAS_DIAGRAM_FONT


def graphviz_fontname() -> str:
    """The ``fontname`` diagrams are drawn with: a fontconfig family list, Latin first.

    English text keeps the font Keras' ``Helvetica`` gives; Chinese characters,
    which it lacks, come from ``cjk_family()``, named so that Traditional forms
    are drawn rather than whichever CJK font Pango would fall back to.
    """
    cjk = cjk_family()
    return f"{latin_family()},{cjk}" if cjk else KERAS_DIAGRAM_FONT


@functools.cache
def _coverage() -> tuple[list[int], list[int]]:
    """Every character some installed font has, as sorted (starts, ends) of ranges."""
    listed = _fontconfig("fc-list", "--format=%{charset}\\n") or ""
    ranges = []
    for word in listed.split():
        first, _dash, last = word.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(ranges):
        if starts and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _covered(character: str, coverage: tuple[list[int], list[int]]) -> bool:
    starts, ends = coverage
    if not starts:  # fontconfig missing: every font has ASCII, nothing else is known
        return character.isascii()
    at = bisect.bisect_right(starts, ord(character)) - 1
    return at >= 0 and ord(character) <= ends[at]


def _drawn(text: str) -> Iterator[str]:
    """The characters of ``text`` that are drawn as glyphs, each once, in order."""
    seen = set()
    for character in text:
        if character in seen or unicodedata.category(character) in _NOT_DRAWN:
            continue
        seen.add(character)
        yield character


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` that no installed font has, as fontconfig says, in order.

    Fonts installed since the last answer are seen: a miss asks fontconfig again.
    """
    missing = [c for c in _drawn(text) if not _covered(c, _coverage())]
    if missing:
        _coverage.cache_clear()
        cjk_family.cache_clear()
        missing = [c for c in missing if not _covered(c, _coverage())]
    return missing


def describe(character: str) -> str:
    """``'輸' (U+8F38)``: a character as it is typed back, and its code point."""
    return f"{character!r} (U+{ord(character):04X})"


def _install_advice() -> dict[str, str]:
    from keras_recipes.plot import OTHER_SYSTEMS_FONT, cjk_font_install_command

    return {"command": cjk_font_install_command(), "elsewhere": OTHER_SYSTEMS_FONT}


def check_label(layer: str, text: str) -> None:
    """Raises ``FontMissingError`` when no installed font has a character of a layer's label.

    Args:
        layer: the layer's name, for the message.
        text: what the label shows, markup removed.
    """
    missing = missing_characters(text)
    if missing:
        raise FontMissingError(
            _(
                "cannot draw layer {layer}: no installed font has the character {character}. "
                "Install a font that has it, or rename the layer. For Chinese text: "
                "{command} (elsewhere: {elsewhere})"
            ).format(layer=repr(layer), character=describe(missing[0]), **_install_advice())
        )


# ---------------------------------------------------------------- matplotlib


def _font_files(family: str) -> list[str]:
    listed = _fontconfig("fc-list", "--format=%{file}\\n", family) or ""
    return sorted({line.strip() for line in listed.splitlines() if line.strip()})


def matplotlib_cjk_family() -> str | None:
    """The family matplotlib draws Chinese in: the first of ``PREFERRED_FAMILIES`` it knows.

    matplotlib lists the system's fonts once and keeps the list in a cache, so
    a font installed since is added from fontconfig's answer.
    """
    from matplotlib import font_manager

    def known() -> str | None:
        names = {font.name for font in font_manager.fontManager.ttflist}
        return next((family for family in PREFERRED_FAMILIES if family in names), None)

    found = known()
    if found is None and (family := cjk_family()) is not None:
        for path in _font_files(family):
            font_manager.fontManager.addfont(path)
        names = {font.name for font in font_manager.fontManager.ttflist}
        found = family if family in names else None
    return found


@contextmanager
def matplotlib_fonts() -> Iterator[list[str]]:
    """Within it, matplotlib draws Latin in DejaVu Sans and Chinese in ``matplotlib_cjk_family()``.

    Text made within keeps these fonts when its figure is saved later. Yields the
    families, in the order matplotlib falls back along them, character by character.
    """
    import matplotlib

    cjk = matplotlib_cjk_family()
    families = [MATPLOTLIB_LATIN_FONT, *([cjk] if cjk else [])]
    # Named one by one: matplotlib falls back along font.family, but takes only
    # the first installed font of a generic family such as sans-serif.
    with matplotlib.rc_context({"font.family": families}):
        yield families


# What matplotlib warns: "Glyph 23416 (\\N{CJK UNIFIED IDEOGRAPH-5B78}) missing from font(s) ..."
_GLYPH_MISSING = re.compile(r"^Glyph (\d+) .*missing from font")


def draw_checked(figure: Any, *, fonts: Sequence[str]) -> None:
    """Lays a figure out once; a glyph missing from its fonts is an error, not a warning.

    Args:
        figure: a ``matplotlib.figure.Figure``.
        fonts: the families it is drawn with, for the message.

    Raises:
        FontMissingError: naming the text, the character and the fix.
    """
    from matplotlib.text import Text

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # every time, not once per place that warns
        figure.draw_without_rendering()
    missing = []
    for warning in caught:
        if match := _GLYPH_MISSING.match(str(warning.message)):
            missing.append(chr(int(match.group(1))))
        else:  # not ours to hold back
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    if not missing:
        return
    cjk_family.cache_clear()  # the next figure sees a font installed since
    texts = [text.get_text() for text in figure.findobj(Text)]
    text = next((text for text in texts if missing[0] in text), "")
    raise FontMissingError(
        _(
            "cannot draw the text {text}: none of the fonts matplotlib draws with ({fonts}) "
            "has the character {character}. Install a font that has it, or change the text. "
            "For Chinese text: {command} (elsewhere: {elsewhere})"
        ).format(
            text=repr(text),
            fonts=", ".join(fonts),
            character=describe(missing[0]),
            **_install_advice(),
        )
    )
