"""The glossary's choices hold wherever a reader meets the terms.

docs/glossary.md and docs/glossary.zh-TW.md carry a table of terms: each term as the article
writes it, the word Taiwanese readers may know instead, the Keras 3 name, the English
term, and the notebooks meant to use it. Each of those notebooks spells the term as the
table does, in both editions' prose, and no zh-TW text a reader meets (a notebook,
README.zh-TW.md, the zh-TW pages of docs/, the command's catalogue) uses the alternative:
one spelling to search. Their second table lists words once spelt two ways (訓練週期 and
epoch, 圖片 and 影像, the times sign and x, ...): the zh-TW prose writes the first and
never the second.
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


@dataclass(frozen=True)
class Spelling:
    written: str  # the one spelling the zh-TW text uses
    rival: str  # the other it once used, refused
    english: str


def _tables(text) -> list[list[list[str]]]:
    """Each Markdown table of ``text``, as rows of stripped cells, its head and rule left out."""
    tables, rows = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            tables.append(rows[2:])
            rows = []
    return tables


def parse_glossary(text) -> list[Term]:
    """The rows of a glossary's first table: the terms."""
    terms = []
    for row in _tables(text)[0]:
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


def parse_spellings(text) -> list[Spelling]:
    """The rows of a glossary's second table: one spelling of a word, and its refused rival."""
    spellings = []
    for row in _tables(text)[1]:
        assert len(row) == 4, f"a spelling row has {len(row)} cells, not 4: {row}"
        spellings.append(Spelling(*row[:3]))
    return spellings


def _rival_pattern(spelling) -> re.Pattern:
    """Where the rival stands in a text. A single Latin letter ("x" for the times sign) counts only
    between numbers (28x28, 4 x 64); a rival inside the written form (集成 in 集成模型) only
    outside it."""
    rival = re.escape(spelling.rival)
    if re.fullmatch(r"[a-z]", spelling.rival):
        return re.compile(rf"(?<=\d) ?{rival} ?(?=\d)")
    if spelling.rival in spelling.written:
        before, _, after = spelling.written.partition(spelling.rival)
        ahead = f"(?!{re.escape(after)})" if after else ""
        behind = f"(?<!{re.escape(before)})" if before else ""
        return re.compile(f"{behind}{rival}{ahead}")
    return re.compile(rival, re.IGNORECASE)


# Not the prose's own words: code (inline, fenced, a message's {placeholder}) and quotations
# (「」), e.g. the article's own 「10個存儲單元」.
_NOT_PROSE = re.compile(r"```.*?```|`[^`\n]*`|\{[^}\n]*\}|「[^」]*」", re.DOTALL)


def rivals_in(text, spellings) -> list[str]:
    """Each refused spelling in the prose of ``text``, with the words around it."""
    prose_only = _NOT_PROSE.sub(" ", text)
    found = []
    for spelling in spellings:
        for match in _rival_pattern(spelling).finditer(prose_only):
            context = prose_only[max(match.start() - 12, 0) : match.end() + 12].replace("\n", " ")
            found.append(f"{match.group()} (the glossary writes {spelling.written}): …{context}…")
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


def _zh_tw_documents():
    """README.zh-TW.md and every zh-TW page under docs/ but the glossaries themselves."""
    pages = sorted((ROOT / "docs").glob("*.zh-TW.md"))
    return [ROOT / "README.zh-TW.md", *(path for path in pages if path not in GLOSSARIES)]


def _zh_tw_texts():
    """Every text in Chinese a reader meets, by path: notebooks, README, docs, catalogue."""
    for path in sorted(NOTEBOOKS.glob("*/*.py")):
        yield path, path.read_text(encoding="utf-8")
    for path in _zh_tw_documents():
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


def _zh_tw_prose():
    """What a zh-TW reader reads, by path: the notebooks' Markdown, the zh-TW documents, the
    catalogue's translations."""
    for path in sorted((NOTEBOOKS / "zh-TW").glob("*.py")):
        yield path, prose(path)
    for path in _zh_tw_documents():
        yield path, path.read_text(encoding="utf-8")
    yield from list(_zh_tw_texts())[-1:]  # the catalogue


def test_rival_spellings_are_refused():
    spellings = parse_spellings(GLOSSARIES[0].read_text(encoding="utf-8"))
    chinese = parse_spellings(GLOSSARIES[1].read_text(encoding="utf-8"))
    assert [(s.written, s.rival) for s in spellings] == [(s.written, s.rival) for s in chinese]
    assert ("訓練週期", "epoch") in [(s.written, s.rival) for s in spellings]
    # Each pattern finds its rival where it is one, and not where it is code or a quotation.
    sample = "三個 epoch，28x28 與 4 x 64，集成：平均，`epochs=3`，「10個存儲單元」，集成模型"
    hits = [hit.split(" (")[0].strip() for hit in rivals_in(sample, spellings)]
    assert hits == ["epoch", "集成", "x", "x"]
    found = [
        f"{path.relative_to(ROOT)}: {hit}"
        for path, text in _zh_tw_prose()
        for hit in rivals_in(text, spellings)
    ]
    assert found == [], "the glossary writes these words one way only:\n" + "\n".join(found)
