"""The glossary's choices hold wherever a reader meets the terms.

docs/glossary.md and docs/glossary.zh-TW.md carry one table: each term as the article
writes it, the word Taiwanese readers may know instead, the Keras 3 name, the English
term, and the notebooks meant to use it. Each of those notebooks spells the term as the
table does, in both editions' prose, and no zh-TW text a reader meets (a notebook,
README.zh-TW.md, the Keras 2 to 3 notes, the command's catalogue) uses the alternative:
one spelling to search.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
GLOSSARIES = (ROOT / "docs" / "glossary.md", ROOT / "docs" / "glossary.zh-TW.md")
NOTEBOOKS = ROOT / "notebooks"
CATALOGUE = ROOT / "keras_recipes" / "locale" / "zh_TW" / "LC_MESSAGES" / "keras_recipes.po"


@dataclass(frozen=True)
class Term:
    article: str  # as the article spells it: what the zh-TW edition writes
    alternative: str  # what a Taiwanese reader may know instead; "" where the same
    keras: str
    english: str
    notebooks: tuple[str, ...]  # two-digit numbers


def parse_glossary(text) -> list[Term]:
    """The rows of the one table in a glossary, its head and rule left out."""
    rows = [line for line in text.splitlines() if line.startswith("|")]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    terms = []
    for row in cells[2:]:
        assert len(row) == 5, f"a glossary row has {len(row)} cells, not 5: {row}"
        article, alternative, keras, english, notebooks = row
        numbers = tuple(n.strip() for n in notebooks.split(",") if n.strip())
        terms.append(Term(article, alternative, keras, english, numbers))
    return terms


def _zh(text):
    """Chinese compared without whitespace, emphasis or code marks: a term may wrap."""
    return re.sub(r"[\s*`]", "", text)


def _en(text):
    return " ".join(re.sub(r"[*`]", "", text).split()).lower()


def prose(path) -> str:
    """The markdown cells of a jupytext notebook: what its reader reads."""
    notebook = jupytext.read(path)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def terms_lacking(text, terms, edition) -> list[str]:
    """The terms ``text`` does not spell as the glossary does, in that edition."""
    if edition == "zh-TW":
        return [t.article for t in terms if _zh(t.article) not in _zh(text)]
    return [t.english for t in terms if _en(t.english) not in _en(text)]


def alternatives_in(text, terms) -> list[str]:
    """Each alternative spelling ``text`` uses, with the words around it."""
    flat, found = _zh(text), []
    for term in terms:
        if term.alternative:
            for match in re.finditer(re.escape(_zh(term.alternative)), flat):
                context = flat[max(match.start() - 8, 0) : match.end() + 8]
                found.append(
                    f"{term.alternative} (the glossary writes {term.article}): …{context}…"
                )
    return found


@pytest.fixture(scope="module")
def terms():
    return parse_glossary(GLOSSARIES[0].read_text(encoding="utf-8"))


def test_glossary_table_is_read_whole(terms):
    assert len(terms) == 33
    assert terms[0] == Term(
        "序貫模型", "循序模型", "`keras.Sequential`", "Sequential model", ("01",)
    )
    network_diagram = next(t for t in terms if t.article == "網絡拓撲圖")
    assert network_diagram.alternative == "網路拓樸圖"
    assert network_diagram.notebooks == ("02", "03", "04")


def test_both_glossaries_hold_the_same_table(terms):
    english, chinese = (parse_glossary(path.read_text(encoding="utf-8")) for path in GLOSSARIES)
    differing = [f"{e}\n  vs {c}" for e, c in zip(english, chinese, strict=False) if e != c]
    assert len(english) == len(chinese), "the two glossaries have different numbers of rows"
    assert differing == [], "glossary rows differ between the editions:\n" + "\n".join(differing)


def _notebook(edition, number):
    found = sorted((NOTEBOOKS / edition).glob(f"{number}_*.py"))
    assert found, f"no notebook notebooks/{edition}/{number}_*.py"
    return found[0]


def _editions_and_numbers():
    terms = parse_glossary(GLOSSARIES[0].read_text(encoding="utf-8"))
    numbers = sorted({n for t in terms for n in t.notebooks})
    return [
        pytest.param(edition, number, id=f"{edition}-{number}")
        for edition in ("zh-TW", "en")
        for number in numbers
    ]


@pytest.mark.parametrize(("edition", "number"), _editions_and_numbers())
def test_each_notebook_uses_the_glossarys_terms(terms, edition, number):
    path = _notebook(edition, number)
    meant = [t for t in terms if number in t.notebooks]
    lacking = terms_lacking(prose(path), meant, edition)
    assert lacking == [], (
        f"{path.relative_to(ROOT)} is meant to use these glossary terms, spelled as the "
        f"glossary does, and its prose lacks them: {', '.join(lacking)}"
    )


def _zh_tw_texts():
    """Every text in Chinese a reader meets, by path: notebooks, README, docs, catalogue."""
    for path in sorted(NOTEBOOKS.glob("*/*.py")):
        yield path, path.read_text(encoding="utf-8")
    for path in (ROOT / "README.zh-TW.md", ROOT / "docs" / "keras2-to-keras3.zh-TW.md"):
        yield path, path.read_text(encoding="utf-8")
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    strings = [m.string for m in catalogue if m.id]
    yield CATALOGUE, "\n".join(s if isinstance(s, str) else "\n".join(s) for s in strings)


def test_no_text_uses_an_alternative_spelling(terms):
    found = [
        f"{path.relative_to(ROOT)}: {hit}"
        for path, text in _zh_tw_texts()
        for hit in alternatives_in(text, terms)
    ]
    assert found == [], "the glossary's alternatives are for the glossary only:\n" + "\n".join(
        found
    )
