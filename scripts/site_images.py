"""MkDocs hook (mkdocs.yml, ``hooks``): a notebook page's pictures as files, each described.

nbconvert puts every picture a notebook shows into its page as base64 text, with the alt
text "No description has been provided for this image", in English on the Chinese pages
too, and each page carries the notebook stylesheet (some 570 KB) inline. A notebook page
thus weighed about 1 MB. This hook, after each notebook page is rendered:

- writes each PNG once as a file in ``images/`` beside the page (named by the page and the
  picture's content) and points the ``<img>`` at it;
- gives it an alt text in the page's language, made from the notebook itself
  (``describe``): what kind of picture the cell's code draws (a network diagram from
  ``plot_recipe``/``plot_model``, learning curves from ``curves.plot``, else a figure), the
  model it is of (the registry's title for it, translated as ``list`` shows it), and the
  heading of the section it is in;
- moves each inline stylesheet into ``stylesheets/`` (one file per content, shared by every
  notebook page of the edition) and links it.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat

from keras_recipes import RECIPES, i18n

IMAGES = "images"
STYLESHEETS = "stylesheets"

# What the alt text says, in each language the site is built in.
WORDS = {
    "en": {
        "diagram": "Network diagram of {model}: each layer's name, type, input and output "
        "shapes, and which layer feeds which.",
        "curves": "Learning curves of {model}: the loss and accuracy on the training and "
        "validation data after each epoch.",
        "figure": "Figure: {text}",
        "digits": "Handwritten digits, drawn as images. {text}",
        "model": "the model {name}",
        "recipe": "{title} ({name})",
        "section": " Section: {heading}.",
    },
    "zh-TW": {
        "diagram": "{model}的網絡拓撲圖：每一層的名稱、類型、輸入與輸出形狀，"
        "以及哪一層接到哪一層。",
        "curves": "{model}的學習曲線：每個訓練週期結束時，訓練資料和驗證資料上的損失與準確率。",
        "figure": "圖：{text}",
        "digits": "畫成圖片的手寫數字。{text}",
        "model": "模型 {name} ",
        "recipe": "{title}（{name}）",
        "section": "所在段落：{heading}。",
    },
}

_DIAGRAM = re.compile(r"\b(?:plot_recipe|plot_model)\(\s*(\w+|\"[^\"]+\")")
_CURVES = re.compile(r"\bcurves\.plot\([^)]*?title=\"([^\"]+)\"")
_HEADING = re.compile(r"^#{1,6}\s+(.+)$", re.M)
_IMG = re.compile(r"<img\b[^>]*>")
_DATA_SRC = re.compile(r'\bsrc="data:image/png;base64,([^"]+)"')
_ALT = re.compile(r'\s*\balt="[^"]*"')
_STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)


def _plain(markdown: str) -> str:
    """Markdown as read aloud: no emphasis marks, code marks or link targets."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"\*{1,2}|`", "", text).strip()


def _first_sentence(markdown: str) -> str:
    text = " ".join(_plain(line) for line in markdown.splitlines() if not line.startswith("#"))
    match = re.match(r"(.+?[。！？]|.+?[.!?](?=\s|$))", text.strip())
    return (match.group(1) if match else text).strip()


def _model(name: str, words: dict[str, str]) -> str:
    """A model named in code, by the registry's title where it is a recipe's name."""
    recipe = RECIPES.get(name.strip('"').split()[0].replace("_", "-"))
    if recipe is None:
        return words["model"].format(name=name.strip('"'))
    return words["recipe"].format(title=i18n._(recipe.title), name=name.strip('"'))


def describe(code: str, heading: str, before: str, language: str) -> str:
    """The alt text of a picture that a cell with ``code`` shows, in ``language``, under the
    heading ``heading``, after the Markdown ``before``."""
    words = WORDS[language]
    with i18n.language(language):
        if diagram := _DIAGRAM.search(code):
            text = words["diagram"].format(model=_model(diagram.group(1), words))
        elif curves := _CURVES.search(code):
            text = words["curves"].format(model=_model(curves.group(1), words))
        else:
            kind = "digits" if "imshow(" in code else "figure"
            text = words[kind].format(text=_first_sentence(before)).strip()
    return text + (words["section"].format(heading=heading) if heading else "")


def _pictures(notebook: nbformat.NotebookNode) -> Iterator[tuple[bytes, str, str, str]]:
    """(PNG, the cell's code, the heading above it, the Markdown between that heading and
    the cell) for each picture the notebook shows. A notebook's title (``# ``) heads no
    section: its introduction says what the notebook does, not what a picture shows."""
    heading = before = ""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts = _HEADING.split(cell.source)  # text, heading, text after it, ...
            if len(parts) > 1:
                heading = _plain(parts[-2])
                before = "" if cell.source.lstrip().startswith("# ") else parts[-1]
            else:
                before = cell.source
            continue
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                yield base64.b64decode(png), cell.source, heading, before


def descriptions(notebook: nbformat.NotebookNode, language: str) -> dict[str, str]:
    """The alt text of each picture in ``notebook``, by the SHA-256 of its PNG."""
    return {
        hashlib.sha256(png).hexdigest(): describe(code, heading, before, language)
        for png, code, heading, before in _pictures(notebook)
    }


def _write_once(path: Path, content: bytes) -> None:
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def as_files(html: str, page_url: str, site_dir: Path, alts: dict[str, str]) -> str:
    """``html`` (the page at ``page_url``) with its base64 PNGs and inline stylesheets written
    to files under ``site_dir`` and linked, each picture with its alt text from ``alts``.

    Raises:
        ValueError: a picture on the page is none of the notebook's.
    """
    here = posixpath.dirname(page_url)
    stem = posixpath.splitext(posixpath.basename(page_url))[0]

    def image(match: re.Match[str]) -> str:
        tag = match.group(0)
        data = _DATA_SRC.search(tag)
        if data is None:
            return tag
        png = base64.b64decode(data.group(1))
        digest = hashlib.sha256(png).hexdigest()
        if digest not in alts:
            raise ValueError(f"{page_url}: a picture on the page is in no output of its notebook")
        name = posixpath.join(here, IMAGES, f"{stem}-{digest[:12]}.png")
        _write_once(site_dir / name, png)
        alt = alts[digest].replace("&", "&amp;").replace('"', "&quot;")
        source = posixpath.relpath(name, here or ".")
        tag = _ALT.sub("", tag.replace(data.group(0), f'src="{source}"'))
        return tag.replace("<img", f'<img alt="{alt}"', 1)

    def stylesheet(match: re.Match[str]) -> str:
        css = match.group(1).encode()
        name = f"{STYLESHEETS}/notebook-{hashlib.sha256(css).hexdigest()[:12]}.css"
        _write_once(site_dir / name, css)
        return f'<link rel="stylesheet" href="{posixpath.relpath(name, here or ".")}">'

    return _STYLE.sub(stylesheet, _IMG.sub(image, html))


def on_post_page(output: str, page: Any, config: Any) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    from mkdocs.exceptions import PluginError

    notebook = nbformat.read(page.file.abs_src_path, as_version=4)
    alts = descriptions(notebook, config.theme["language"])
    try:
        return as_files(output, page.url, Path(config.site_dir), alts)
    except ValueError as error:  # build_site.py reports it on one line, and stops
        raise PluginError(str(error)) from error
