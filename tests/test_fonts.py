"""Chinese in pictures: glyphs from Noto Sans CJK TC, or an error naming the missing character.

Which fonts a drawing used is read from the fonts its PDF embeds; a machine without
the Chinese font is made by a fontconfig file that rejects every font with the
test's characters.
"""

import io
import os
import re
import subprocess
import sys
import warnings

import keras
import pytest
from keras import layers

from keras_recipes import build_mlp, curves, fonts
from keras_recipes.fonts import FontMissingError
from keras_recipes.plot import plot_recipe, to_dot
from keras_recipes.system_packages import CJK_FONT, install_command

INPUT, HIDDEN, TITLE = "輸入", "隱藏層1", "學習曲線"
PRIVATE_USE = "\ue000"  # in no font: the Unicode private use area
HISTORY = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.7, 0.6]}


def advice():
    return (
        f"For Chinese text: {install_command(CJK_FONT)} (elsewhere: apt-get install "
        "fonts-noto-cjk (Debian/Ubuntu), brew install --cask font-noto-sans-cjk-tc (macOS))"
    )


def fc(*command):
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def dot_png(source):
    return subprocess.run(["dot", "-Tpng"], input=source.encode(), capture_output=True).stdout


def embedded_fonts(pdf):
    """The PostScript names of the fonts a PDF embeds, without the subset tag (``ABCDEF+``)."""
    names = re.findall(rb"/(?:FontName|BaseFont) /(?:[A-Z]{6}\+)?([\w.-]+)", pdf)
    return {name.decode() for name in names}


def chinese_model(hidden=HIDDEN):
    inputs = keras.Input((4,), name=INPUT)
    return keras.Model(inputs, layers.Dense(3, name=hidden)(inputs))


@pytest.fixture
def without_chinese_fonts(tmp_path):
    """A fontconfig file under which this machine's fonts are seen less every one that
    has the test's Chinese characters."""
    charset = " ".join(f"{ord(c):x}" for c in sorted(set(INPUT + HIDDEN + TITLE) - set("1")))
    files = set(fc("fc-list", "--format=%{file}\\n", f":charset={charset}").splitlines())
    assert files, "no font here has the characters; make test's set-up installs one"
    rejected = "".join(f"<glob>{file}</glob>" for file in sorted(files))
    system = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">{system}</include>'
        f"<selectfont><rejectfont>{rejected}</rejectfont></selectfont></fontconfig>"
    )
    return str(config)


# ---------------------------------------------------------------- diagrams


def test_fontconfig_says_which_characters_no_installed_font_has():
    assert fonts.cjk_family() == "Noto Sans CJK TC"
    assert fonts.missing_characters(f"{INPUT} {HIDDEN} (Dense) {TITLE}\n") == []
    assert fonts.missing_characters(f"{HIDDEN}{PRIVATE_USE} x{PRIVATE_USE}") == [PRIVATE_USE]


def test_chinese_layer_names_are_drawn_in_noto_sans_cjk_tc_and_latin_as_keras_draws_it(tmp_path):
    latin = fc("fc-match", "--format=%{family[0]}", "sans-serif")  # Graphviz's Helvetica
    source = to_dot(chinese_model()).to_string()
    # The graph, its node and edge defaults and both boxes, where Keras set Helvetica.
    assert source.count(f'fontname="{latin},Noto Sans CJK TC"') == 5
    assert "Helvetica" not in source
    pdf = plot_recipe(chinese_model(), tmp_path / "zh.pdf").read_bytes()
    latin_faces = {
        fc("fc-match", "--format=%{postscriptname}", f"{latin}{bold}") for bold in ("", ":bold")
    }
    assert embedded_fonts(pdf) == {*latin_faces, "NotoSansCJKtc-Bold"}  # layer names are bold


def test_english_diagrams_are_drawn_as_keras_draws_them():
    source = to_dot(build_mlp()).to_string()
    as_keras = re.sub(r'fontname="[^"]*"', 'fontname="Helvetica"', source)
    assert dot_png(source) == dot_png(as_keras)


def test_a_layer_name_no_font_can_draw_is_refused(tmp_path):
    with pytest.raises(FontMissingError) as caught:
        plot_recipe(chinese_model(hidden=f"隱藏層{PRIVATE_USE}"), tmp_path / "zh.png")
    assert str(caught.value) == (
        "cannot draw layer '隱藏層\\ue000': no installed font has the character '\\ue000' "
        f"(U+E000). Install a font that has it, or rename the layer. {advice()}"
    )
    assert list(tmp_path.iterdir()) == []


def test_without_a_chinese_font_a_chinese_layer_name_is_refused(
    tmp_path, monkeypatch, without_chinese_fonts
):
    monkeypatch.setenv("FONTCONFIG_FILE", without_chinese_fonts)
    with pytest.raises(FontMissingError) as caught:
        plot_recipe(chinese_model(), tmp_path / "zh.png")
    assert str(caught.value) == (
        "cannot draw layer '輸入': no installed font has the character '輸' (U+8F38). "
        f"Install a font that has it, or rename the layer. {advice()}"
    )
    monkeypatch.undo()  # the font installed: the next diagram is drawn in it
    assert 'Noto Sans CJK TC"' in to_dot(chinese_model()).to_string()


# ---------------------------------------------------------------- learning curves


@pytest.mark.parametrize(
    ("title", "embedded"),
    [(TITLE, {"DejaVuSans", "NotoSansCJKtc-Regular"}), ("mlp on MNIST", {"DejaVuSans"})],
)
def test_curves_are_drawn_in_dejavu_sans_and_chinese_in_noto_sans_cjk_tc(title, embedded):
    pdf = io.BytesIO()
    curves.plot(HISTORY, title=title).savefig(pdf, format="pdf")
    assert embedded_fonts(pdf.getvalue()) == embedded


def test_a_title_no_font_can_draw_is_an_error_not_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning escapes either
        with pytest.raises(FontMissingError) as caught:
            curves.plot(HISTORY, title=f"{TITLE}{PRIVATE_USE}")
    assert str(caught.value) == (
        "cannot draw the text '學習曲線\\ue000': none of the fonts matplotlib draws with "
        "(DejaVu Sans, Noto Sans CJK TC) has the character '\\ue000' (U+E000). Install a font "
        f"that has it, or change the text. {advice()}"
    )
    curves.plot(HISTORY, title=TITLE)


# matplotlib kept to the fonts it ships (MPL_IGNORE_SYSTEM_FONTS), as fontconfig is to those
# without the characters: a machine without a Chinese font.
CURVES = f"""
from keras_recipes import curves, fonts
try:
    curves.plot({{"loss": [1.0]}}, title={TITLE!r})
except fonts.FontMissingError as error:
    print(error)
"""


def test_without_a_chinese_font_a_chinese_title_is_refused(tmp_path, without_chinese_fonts):
    done = subprocess.run(
        [sys.executable, "-c", CURVES],
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(sys.path),
            "FONTCONFIG_FILE": without_chinese_fonts,
            "MPLCONFIGDIR": str(tmp_path / "mpl"),
            "MPL_IGNORE_SYSTEM_FONTS": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.stdout, done.stderr) == (
        "cannot draw the text '學習曲線': none of the fonts matplotlib draws with (DejaVu Sans) "
        "has the character '學' (U+5B78). Install a font that has it, or change the text. "
        f"{advice()}\n",
        "",
    )
