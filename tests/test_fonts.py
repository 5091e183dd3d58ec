"""Chinese text in pictures: real glyphs from a font fontconfig says has them, or a clear error.

Without a Chinese font Graphviz draws each character as a box holding its code
point, so two different words still come out as different pictures: these tests
ask fontconfig which fonts have the characters, read which fonts a PDF of the
same drawing embeds, and compare with the drawing this machine makes once those
fonts are taken away.
"""

import io
import json
import os
import re
import subprocess
import sys
import warnings

import keras
import pytest
from keras import layers
from PIL import Image, ImageChops

from keras_recipes import build_mlp, curves, fonts
from keras_recipes.fonts import FontMissingError
from keras_recipes.plot import OTHER_SYSTEMS_FONT, cjk_font_install_command, plot_recipe, to_dot

INPUT, HIDDEN = "輸入", "隱藏層1"
TITLE = "學習曲線"
PRIVATE_USE = "\ue000"  # in no font: the Unicode private use area
HISTORY = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.7, 0.6]}


def fc(*command):
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def charset(text):
    """A fontconfig pattern asking for every character of ``text`` beyond ASCII."""
    return ":charset=" + " ".join(f"{ord(c):x}" for c in sorted(set(text)) if not c.isascii())


def families_with(text):
    listed = fc("fc-list", charset(text), "family").splitlines()
    return {line.split(",")[0] for line in listed if line}


def postscript_name(pattern):
    return fc("fc-match", "--format=%{postscriptname}", pattern)


def embedded_fonts(pdf):
    """The fonts a PDF embeds, without the subset tag (``ABCDEF+``)."""
    names = re.findall(rb"/(?:FontName|BaseFont) /(?:[A-Z]{6}\+)?([\w.-]+)", pdf)
    return {name.decode() for name in names}


def chinese_model(hidden=HIDDEN):
    inputs = keras.Input((4,), name=INPUT)
    return keras.Model(inputs, layers.Dense(3, name=hidden)(inputs))


@pytest.fixture
def without_chinese_fonts(tmp_path):
    """Environment variables under which fontconfig sees this machine's fonts less
    every one that has the test's Chinese characters."""
    listed = fc("fc-list", "--format=%{file}\\n", charset(INPUT + HIDDEN + TITLE))
    files = sorted(set(listed.split()))
    assert files, "no font here has the characters; make test's set-up installs one"
    system = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    rejected = "".join(f"<glob>{file}</glob>" for file in files)
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">{system}</include>'
        f"<selectfont><rejectfont>{rejected}</rejectfont></selectfont></fontconfig>"
    )
    # matplotlib also walks the font folders itself: it is kept to the fonts it
    # ships, and finds others only through fontconfig, as keras_recipes.fonts asks it.
    return {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "MPLCONFIGDIR": str(tmp_path / "mpl"),
        "MPL_IGNORE_SYSTEM_FONTS": "1",
    }


def pixels(png):
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def dot_png(source, env=None):
    return subprocess.run(
        ["dot", "-Tpng"], input=source.encode(), capture_output=True, check=True, env=env
    ).stdout


# ---------------------------------------------------------------- fontconfig


def test_fontconfig_names_a_traditional_chinese_font_that_has_the_characters():
    family = fonts.cjk_family()
    assert family in families_with(INPUT + HIDDEN + TITLE)
    assert family in fc("fc-list", ":lang=zh-tw", "family")
    assert fonts.missing_characters(f"{INPUT} {HIDDEN} (Dense) {TITLE}") == []


def test_a_character_no_font_has_is_found():
    assert families_with(PRIVATE_USE) == set()  # what fontconfig says, before we do
    assert fonts.missing_characters(f"{HIDDEN}{PRIVATE_USE} x{PRIVATE_USE}") == [PRIVATE_USE]


# ---------------------------------------------------------------- diagrams


def test_diagram_font_is_the_latin_one_then_the_chinese_one():
    source = to_dot(chinese_model()).to_string()
    fontname = f'fontname="{fonts.latin_family()},{fonts.cjk_family()}"'
    # The graph, its node and edge defaults and both boxes (Keras set Helvetica on each).
    assert source.count(fontname) == 5
    assert "Helvetica" not in source


def test_chinese_layer_names_are_drawn_in_the_chinese_font(tmp_path):
    pdf = plot_recipe(chinese_model(), tmp_path / "zh.pdf").read_bytes()
    latin, cjk = fonts.latin_family(), fonts.cjk_family()
    # Names are bold: the Chinese characters come from the Chinese font's bold face,
    # the rest from the Latin font.
    assert embedded_fonts(pdf) == {
        postscript_name(latin),
        postscript_name(f"{latin}:bold"),
        postscript_name(f"{cjk}:bold"),
    }
    covering = set(fc("fc-list", "--format=%{postscriptname}\\n", charset(INPUT + HIDDEN)).split())
    assert postscript_name(f"{cjk}:bold") in covering


def test_chinese_layer_names_are_glyphs_not_code_point_boxes(tmp_path, without_chinese_fonts):
    drawn = plot_recipe(chinese_model(), tmp_path / "zh.png").read_bytes()
    boxes = dot_png(to_dot(chinese_model()).to_string(), env=without_chinese_fonts)
    assert ImageChops.difference(pixels(drawn), pixels(boxes)).getbbox() is not None
    # Control: English labels come out the same either way, so the difference
    # above is the Chinese characters.
    english = to_dot(build_mlp()).to_string()
    assert dot_png(english) == dot_png(english, env=without_chinese_fonts)


def test_english_diagrams_are_drawn_as_keras_draws_them():
    source = to_dot(build_mlp()).to_string()
    keras_fonts = source.replace(f"{fonts.latin_family()},{fonts.cjk_family()}", "Helvetica")
    assert dot_png(source) == dot_png(keras_fonts)


def test_a_layer_name_no_font_can_draw_is_refused(tmp_path):
    target = tmp_path / "zh.png"
    with pytest.raises(FontMissingError) as caught:
        plot_recipe(chinese_model(hidden=f"隱藏層{PRIVATE_USE}"), target)
    assert str(caught.value) == (
        "cannot draw layer '隱藏層\\ue000': no installed font has the character '\\ue000' "
        "(U+E000). Install a font that has it, or rename the layer. For Chinese text: "
        f"{cjk_font_install_command()} (elsewhere: apt-get install fonts-noto-cjk "
        "(Debian/Ubuntu), brew install --cask font-noto-sans-cjk-tc (macOS))"
    )
    assert not target.exists()


# ---------------------------------------------------------------- learning curves


def test_chinese_title_is_drawn_in_the_chinese_font():
    pdf = io.BytesIO()
    curves.plot(HISTORY, title=TITLE).savefig(pdf, format="pdf")
    cjk = fonts.matplotlib_cjk_family()
    assert cjk in families_with(TITLE)
    assert embedded_fonts(pdf.getvalue()) == {"DejaVuSans", postscript_name(cjk)}


def test_chinese_title_is_glyphs_not_empty_boxes(monkeypatch):
    def png(figure):
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=100)
        return pixels(out.getvalue())

    drawn = png(curves.plot(HISTORY, title=TITLE))
    # The same figure drawn in DejaVu Sans alone, its warnings let through.
    monkeypatch.setattr(fonts, "matplotlib_cjk_family", lambda: None)
    monkeypatch.setattr(fonts, "draw_checked", lambda figure, fonts: None)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        boxes = png(curves.plot(HISTORY, title=TITLE))
    assert drawn.size == boxes.size
    assert ImageChops.difference(drawn, boxes).getbbox() is not None


def test_english_curves_are_drawn_in_dejavu_sans_alone(monkeypatch):
    def png():
        out = io.BytesIO()
        curves.plot(HISTORY, title="mlp on MNIST").savefig(out, format="png", dpi=100)
        return out.getvalue()

    with_chinese_font = png()
    monkeypatch.setattr(fonts, "matplotlib_cjk_family", lambda: None)
    assert png() == with_chinese_font


def test_a_title_no_font_can_draw_is_an_error_not_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning escapes either
        with pytest.raises(FontMissingError) as caught:
            curves.plot(HISTORY, title=f"{TITLE}{PRIVATE_USE}")
    assert str(caught.value) == (
        "cannot draw the text '學習曲線\\ue000': none of the fonts matplotlib draws with "
        f"(DejaVu Sans, {fonts.matplotlib_cjk_family()}) has the character '\\ue000' "
        "(U+E000). Install a font that has it, or change the text. For Chinese text: "
        f"{cjk_font_install_command()} (elsewhere: {OTHER_SYSTEMS_FONT})"
    )


def test_curves_fonts_can_be_checked_before_training():
    curves.check_fonts(title=TITLE)
    with pytest.raises(
        FontMissingError, match=r"the text '學習曲線\\ue000'.*'\\ue000' \(U\+E000\)"
    ):
        curves.check_fonts(title=f"{TITLE}{PRIVATE_USE}")


# ---------------------------------------------------------------- a machine without the font

WITHOUT_THE_FONT = """
import json, keras
from keras import layers
from keras_recipes import curves, fonts
from keras_recipes.plot import plot_recipe

inputs = keras.Input((4,), name={INPUT!r})
model = keras.Model(inputs, layers.Dense(3, name={HIDDEN!r})(inputs))
errors = {{}}
try:
    plot_recipe(model, {path!r})
except fonts.FontMissingError as error:
    errors["plot"] = str(error)
try:
    curves.plot({{"loss": [1.0]}}, title={TITLE!r})
except fonts.FontMissingError as error:
    errors["curves"] = str(error)
errors["family"] = fonts.cjk_family()
print(json.dumps(errors))
"""


def test_without_a_chinese_font_both_refuse_naming_the_install_command(
    tmp_path, without_chinese_fonts
):
    code = WITHOUT_THE_FONT.format(
        INPUT=INPUT, HIDDEN=HIDDEN, TITLE=TITLE, path=str(tmp_path / "zh.png")
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=without_chinese_fonts,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    advice = f"For Chinese text: {cjk_font_install_command()} (elsewhere: {OTHER_SYSTEMS_FONT})"
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "plot": "cannot draw layer '輸入': no installed font has the character '輸' (U+8F38). "
        f"Install a font that has it, or rename the layer. {advice}",
        "curves": "cannot draw the text '學習曲線': none of the fonts matplotlib draws with "
        "(DejaVu Sans) has the character '學' (U+5B78). Install a font that has it, or change "
        f"the text. {advice}",
        "family": None,
    }
    assert not (tmp_path / "zh.png").exists()
