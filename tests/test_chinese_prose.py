"""Chinese prose is read without stray gaps: no line break inside a Chinese sentence.

Markdown (Jupyter, Colab, the website) turns a line break inside a paragraph into a space.
Between English words that is what a space should be; inside a Chinese sentence it is a
visible gap. So the zh-TW notebooks' Markdown cells, README.zh-TW.md and the zh-TW
documents keep each paragraph on one line.
"""

import itertools
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks" / "zh-TW").glob("[0-9]*.py"))
DOCUMENTS = [ROOT / "README.zh-TW.md", *sorted((ROOT / "docs").glob("*.zh-TW.md"))]

# Chinese characters and full-width punctuation.
CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line that starts a Markdown block of its own (or is blank): a break before it is no gap.
BLOCK = re.compile(r"\s*$|\s*([#>|]|[-*+] |\d+[.)] |```)")
# A line no other line continues: blank, a heading, a table row, a fence.
WHOLE = re.compile(r"\s*$|\s*(#|\||```)")


def breaks_inside_chinese(markdown) -> list[str]:
    """Each line break of ``markdown`` that would show as a gap in Chinese text, as
    "end of one line⏎start of the next"; code blocks are left out."""
    found, fenced = [], False
    lines = markdown.splitlines()
    for before, line in itertools.pairwise(lines):
        if before.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or WHOLE.match(before) or BLOCK.match(line):
            continue
        if re.search(f"[{CJK}]$", before) or re.match(f"\\s*[{CJK}]", line):
            found.append(f"{before[-12:]}⏎{line[:12]}")
    return found


def _markdown_cells(path):
    return "\n\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_zh_tw_notebook_prose_has_no_break_inside_a_sentence(path):
    assert breaks_inside_chinese(_markdown_cells(path)) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_zh_tw_documents_have_no_break_inside_a_sentence(path):
    assert breaks_inside_chinese(path.read_text(encoding="utf-8")) == []
