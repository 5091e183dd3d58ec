"""docs/keras2-to-keras3.md and its zh-TW edition tell the same notes in two languages.

The prose is written for each page's readers, so the tests compare what must not differ:
the table's rows, the numbered sections in their order, the code blocks and inline code
(error messages as Python printed them, never translated), the figures (version numbers,
counts). Every link leads to an existing file, the notebooks of the page's own edition,
and each page links to the other at the top. Each check is also run against a copy of the
zh-TW page with one thing changed, so none of them can pass vacuously.
"""

import re
from pathlib import Path

import pytest
from test_readmes import INLINE_CODE, figures, top_links  # the READMEs' rules, shared

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = {"en": DOCS / "keras2-to-keras3.md", "zh-TW": DOCS / "keras2-to-keras3.zh-TW.md"}

# A fence may be indented, as inside a list item; its lines lose that indentation.
FENCE = re.compile(r"^( *)```")
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


def split_fences(text) -> tuple[list[str], str]:
    """The fenced blocks (opening fence line stripped, then the lines) and the prose."""
    blocks, prose, block, indent = [], [], None, ""
    for line in text.splitlines():
        fence = FENCE.match(line)
        if block is None and fence:
            block, indent = [line.strip()], fence.group(1)
        elif block is not None and fence:
            blocks.append("\n".join(block))
            block = None
        elif block is not None:
            block.append(line.removeprefix(indent))
        else:
            prose.append(line)
    return blocks, "\n".join(prose)


def code_blocks(text) -> list[str]:
    return split_fences(text)[0]


def table_rows(text) -> list[str]:
    """The first cell of each row of the table, its head and rule left out."""
    rows = [line for line in split_fences(text)[1].splitlines() if line.startswith("|")]
    return [row.strip("|").split("|")[0].strip() for row in rows[2:]]


def numbered_sections(text) -> list[str]:
    return re.findall(r"^## (\d+)\. ", split_fences(text)[1], re.MULTILINE)


def inline_code(text) -> set[str]:
    """Inline code outside link texts: a link names the notebook of its own edition."""
    prose = LINK.sub("", split_fences(text)[1])
    return {" ".join(code.split()) for code in INLINE_CODE.findall(prose)}


def link_problems(text, edition) -> list[str]:
    """What is wrong with each link a page makes to a file, said so a reader can fix it."""
    problems = []
    for _, target in LINK.findall(split_fences(text)[1]):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        if not path:
            continue  # a section of the same page
        if anchor:
            problems.append(f"{target}: anchors differ between editions; link to the file")
        linked = (DOCS / path).resolve()
        if not linked.is_file():
            problems.append(f"{target}: no such file")
        elif linked.parent.parent == ROOT / "notebooks" and linked.parent.name != edition:
            problems.append(f"{target}: a notebook of another edition than {edition}")
    return problems


# What both editions must show alike, and how each is read from a page.
SAME = {
    "table rows": table_rows,
    "numbered sections": numbered_sections,
    "code blocks": code_blocks,
    "inline code": inline_code,
    "figures": figures,
}


@pytest.fixture(scope="module")
def pages():
    assert PAGES["zh-TW"].exists(), "docs/keras2-to-keras3.zh-TW.md is missing"
    return {edition: path.read_text(encoding="utf-8") for edition, path in PAGES.items()}


def test_the_english_page_is_read_whole(pages):
    english = pages["en"]
    assert table_rows(english) == ["1", "2", "3", "4", "5", "6"]
    assert numbered_sections(english) == ["1", "2", "3", "4", "5", "6"]
    assert len(code_blocks(english)) == 5
    assert code_blocks(english)[4].splitlines()[1].startswith("ImportError: You must install")
    assert {"name=input", "GraphvizMissingError", "‘relu’"} <= inline_code(english)
    jupyter = "Received: name=<bound method Kernel.raw_input of <ipykernel"
    assert any(code.startswith(jupyter) for code in inline_code(english))
    assert {"2.2.4", "3.15.1", "2.21.0", "9.18.1", "399,610", "1.52"} <= figures(english)


@pytest.mark.parametrize("aspect", SAME)
def test_both_editions_show_the_same(pages, aspect):
    read = SAME[aspect]
    assert read(pages["zh-TW"]) == read(pages["en"]), f"the editions differ in their {aspect}"


@pytest.mark.parametrize("edition", PAGES)
def test_every_link_leads_to_a_file_of_the_same_edition(pages, edition):
    assert link_problems(pages[edition], edition) == []


def test_each_page_links_to_the_other_at_the_top(pages):
    assert "keras2-to-keras3.zh-TW.md" in top_links(pages["en"])
    assert "keras2-to-keras3.md" in top_links(pages["zh-TW"])
