"""A printed model summary read back as a ``Summary``, in any layout Keras 2 or 3 prints.

Keras 2's: ``____`` rules (or blank lines, or nothing) between rows, cells where the header's
words start; older versions cut a cell at its column without a mark, newer ones (tf.keras 2.9
on) wrap it onto the next lines, mid-word where it must. Keras 3's: a box table, a cell's text
wrapped onto the row's next lines and cut with "…". One function per layout; the cells are read
by helpers they share. What a cell does not show is kept unknown, never guessed: a cut name ends
in "…" and an unknown shape or count is None (``Row.unshown``). The sizes beside the totals are not
kept, and where a summary comes from is for its reader to say (``read_printed``).
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from importlib import resources
from typing import Any, NoReturn

from keras_recipes.i18n import _, shown
from keras_recipes.summary import OutputShape, Row, Summary

# Keras counts in int64: 19 digits at most, which keeps int() from refusing a long number.
_COUNT = r"\d{1,19}|\d{1,3}(?:,\d{3}){1,6}"
_DIMS = r"\((?:(?:None|\d{1,19}),)*(?:None|\d{1,19})?\)"  # one shape, its spaces taken out
_SHAPES = re.compile(
    rf"{_DIMS}|\[{_DIMS}(?:,{_DIMS})*\]|\{{'[^']*':{_DIMS}(?:,'[^']*':{_DIMS})*\}}"
)
_PARAMS = re.compile(rf"({_COUNT})( \(unbuilt\))?|[\d,]*…")
_NAME = re.compile(r"([^\s()]+)(?: \((?:([\w.]+)\)|([\w.]*…)))?")
_ENTRY = re.compile(r"([^\s\[]+)(?:\[\d+\]\[\d+\]|\[[\d\[\]]*…)|([^\s\[]*…)")
_LIST = re.compile(r"\[(?:'[^'\[]+\[\d+\]\[\d+\]'(?:,'[^'\[]+\[\d+\]\[\d+\]')*)?\]")


class SummaryTextError(ValueError):
    """A text that does not read as a printed model summary; names the line and what it lacks."""


def _refuse(number: int, what: str, found: str) -> NoReturn:
    message = _("line {number}: expected {what}, found {found}")
    raise SummaryTextError(message.format(number=number, what=what, found=found))


class _Lines:
    """The text's lines, read one by one: numbered as in the text, without trailing spaces, CRLF,
    tabs, non-breaking spaces, the indent they share or the blank lines around the summary. Text
    copied from a page's HTML reads as the page shows it: tags out, ``&quot;`` a quote."""

    def __init__(self, text: str) -> None:
        text = html.unescape(re.sub(r"</?[A-Za-z][^<>]*>", "", text))  # no summary holds "<x"
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        lines = [line.replace("\xa0", " ").expandtabs().rstrip() for line in text.split("\n")]
        indent = min((len(line) - len(line.lstrip()) for line in lines if line), default=0)
        self.lines = [line[indent:] for line in lines]
        filled = [i for i, line in enumerate(self.lines) if line] or [-1]
        self.at, self.stop = max(filled[0], 0), filled[-1] + 1

    def peek(self) -> str:
        return self.lines[self.at] if self.at < self.stop else ""

    def take(self, pattern: str, what: str) -> re.Match[str]:
        """The next line if ``pattern`` matches it whole, else ``SummaryTextError``."""
        match = re.fullmatch(pattern, self.peek()) if self.at < self.stop else None
        if match is None:
            self.refuse(what)
        self.at += 1
        return match

    def refuse(self, what: str) -> NoReturn:
        found = shown(self.peek()) if self.at < self.stop else _("the end of the text")
        _refuse(self.at + 1, what, found)


def _cell(
    number: int, pattern: re.Pattern[str], cell: str, what: Callable[[], str]
) -> re.Match[str]:
    match = pattern.fullmatch(cell)
    if match is None:
        _refuse(number, what(), shown(cell))
    return match


def _shape(number: int, cell: str) -> OutputShape:
    """One shape as a tuple, several as a tuple of them (a list of one is that one); None where
    the cell does not say: ``multiple``, ``?`` (not built), or a cell cut short."""
    if cell in ("multiple", "?") or cell.endswith("…"):
        return None
    what = lambda: _("an output shape such as (None, 28, 28, 1)")  # noqa: E731
    compact = _cell(number, _SHAPES, re.sub(r"\s+", "", cell), what).group()
    shapes = tuple(
        tuple(None if dim == "None" else int(dim) for dim in dims.split(",") if dim)
        for dims in re.findall(r"\(([^()]*)\)", compact)
    )
    return shapes[0] if len(shapes) == 1 else shapes


def _connected(number: int, cell: str) -> tuple[str, ...]:
    """The layers in ``a[0][0], b[0][0]`` (Keras 3), ``a[0][0] b[0][0]`` or ``['a[0][0]',
    'b[0][0]']`` (Keras 2); ``-`` or nothing for none. A cut entry keeps a whole name, if shown."""
    what = lambda: _("connections such as {example}").format(  # noqa: E731
        example=shown("dense[0][0], add[0][0]")
    )
    if cell.startswith("["):
        listed = _cell(number, _LIST, re.sub(r"\s+", "", cell), what).group()
        return tuple(re.findall(r"'([^'\[]+)\[", listed))
    entries = re.split(r",? +", cell) if cell not in ("", "-") else []
    return tuple(m[1] or m[2] for m in (_cell(number, _ENTRY, e, what) for e in entries))


def _row(number: int, cells: list[str], connected: bool) -> Row:
    """One row from its cells: ``name (Type)``, a shape, a count, and maybe its inputs."""
    what = lambda: _("a layer's name and type such as {example}").format(  # noqa: E731
        example=shown("dense (Dense)")
    )
    name, kind, cut_kind = _cell(number, _NAME, cells[0], what).groups()
    if kind is None and cut_kind is None and not name.endswith("…"):
        _refuse(number, what(), shown(cells[0]))
    shape = _shape(number, cells[1])
    what = lambda: _("a parameter count such as 1,290")  # noqa: E731
    count = _cell(number, _PARAMS, cells[2], what)
    params = int(count[1].replace(",", "")) if count[1] and not count[2] else None
    inputs = _connected(number, cells[3]) if connected else None
    return Row(name, kind or cut_kind or "…", shape, params, inputs)


def _count(lines: _Lines, label: str) -> int:
    """The count on the next line (blank lines skipped), ``Total params: 1,290 (5.04 KB)``."""
    while lines.at < lines.stop and not lines.peek():
        lines.at += 1
    what = _("the line {line}").format(line=shown(f"{label} params: N"))
    size = r"(?: \(\d+(?:\.\d+)? [KMGTP]?B(?:yte)?\))?"
    return int(lines.take(rf" *{label} params: ({_COUNT}){size}", what)[1].replace(",", ""))


def _totals(lines: _Lines, rows: list[Row]) -> Summary:
    total, trainable, frozen = (
        _count(lines, label) for label in ("Total", "Trainable", "Non-trainable")
    )
    optimizer = _count(lines, "Optimizer") if "Optimizer params" in lines.peek() else None
    return Summary(tuple(rows), total, trainable, frozen, "", printed=True, optimizer=optimizer)


def _keras2(lines: _Lines) -> Summary:
    lines.take(r"_+", _("a rule of underscores"))
    header = r" ?Layer \(type\) +Output Shape +Param #(?: +Connected to)?"
    what = _("the header {header}").format(header=shown("Layer (type)  Output Shape  Param #"))
    words = lines.take(header, what).group()
    columns = [w for w in ("Output Shape", "Param #", "Connected to") if w in words]
    starts = [0, *(words.find(w) for w in columns)]
    spans = list(zip(starts, [*starts[1:], None], strict=True))
    # Where a piece fills its column: one short of the next column (a space stays between),
    # the rule's end for the last.
    width = len(lines.take(r"=+", _("a rule of equals signs")).group())
    limits = [*(start - 1 for start in starts[1:]), width]
    # Each row: the number of its first line and, per column, its pieces with whether each
    # fills its column (a cell cut there, or wrapped onto the next line mid-word).
    rows: list[tuple[int, list[list[tuple[str, bool]]]]] = []
    while not lines.peek().startswith("="):
        line, lines.at = lines.peek(), lines.at + 1
        if lines.at <= lines.stop and re.fullmatch(r"_*", line):
            continue  # a rule or a blank line between rows
        pieces = [line[a:b].rstrip() for a, b in spans]
        if lines.at > lines.stop or not (rows or pieces[2].strip()):
            lines.at -= 1
            lines.refuse(_("a row of the table"))
        if pieces[2].strip():  # a count starts a row; a line without one goes on with it
            rows.append((lines.at, [[] for column in spans]))
        for column, (a, limit, piece) in enumerate(zip(starts, limits, pieces, strict=True)):
            if piece.strip():
                rows[-1][1][column].append((piece.strip(), a + len(piece) >= limit))
    lines.take(r"=+", _("a rule of equals signs"))
    return _totals(lines, [_keras2_row(number, cells, len(spans) == 4) for number, cells in rows])


def _keras2_row(number: int, cells: list[list[tuple[str, bool]]], connected: bool) -> Row:
    """A Keras 2 row from its pieces: a name goes on without a space where its piece filled the
    column, and ends in "…" where it was cut there; a shape cut there is unknown."""
    name = "".join(
        ("" if i == 0 or cells[0][i - 1][1] else " ") + piece
        for i, (piece, full) in enumerate(cells[0])
    )
    if cells[0] and cells[0][-1][1] and not name.endswith(")"):
        name += "…"
    shape = "".join(piece for piece, full in cells[1])
    if cells[1] and cells[1][-1][1] and not _SHAPES.fullmatch(re.sub(r"\s+", "", shape)):
        shape += "…"
    texts = [name, shape, *(" ".join(piece for piece, full in cell) for cell in cells[2:])]
    if connected and cells[3] and not texts[3].startswith("["):  # one line each, maybe cut
        texts[3] = " ".join(piece + "…" * full for piece, full in cells[3])
    return _row(number, texts, connected)


def _keras3(lines: _Lines) -> Summary:
    lines.take(r"┏━[━┳]*┓", _("the top of a table"))
    header = r"┃ Layer \(type\) +┃ Output Shape +┃ +Param # ┃(?: Connected to +┃)?(?: +T\w*…? +┃)?"
    what = _("the header {header}").format(header=shown("┃ Layer (type) ┃ Output Shape ┃ ..."))
    words = lines.take(header, what).group()
    columns = words.count("┃") - 1
    lines.take(r"┡━[━╇]*┩", _("the rule under the header"))
    cell_lines = "│" + "│".join([r"([^│]*)"] * columns) + "│"
    what = _("a row of {count} cells between │").format(count=columns)
    rows: list[Row] = []
    rule = "├"
    while rule.startswith("├"):
        number = lines.at + 1
        cells = [cell.strip() for cell in lines.take(cell_lines, what).groups()]
        while lines.peek().startswith("│"):  # a cell wrapped onto the row's next line
            more = lines.take(cell_lines, what).groups()
            cells = [f"{c} {m.strip()}".strip() for c, m in zip(cells, more, strict=True)]
        rule = lines.take(r"├[─┼]+┤|└[─┴]+┘", _("a rule under the row")).group()
        rows.append(_row(number, cells, "Connected to" in words))
    return _totals(lines, rows)


def parse_summary(text: str) -> Summary:
    """The ``Summary`` that ``text`` prints (``model.summary()``'s output, Keras 2 or 3), with an
    empty ``source``; else ``SummaryTextError`` naming the first line that does not read."""
    lines = _Lines(text)
    if lines.peek().startswith("Model: "):  # Keras 3 (and later Keras 2) name the model first
        what = _("a line such as {example}").format(example=shown('Model: "mlp"'))
        lines.take(r'Model: ".*"', what)
    summary = (_keras3 if lines.peek().startswith("┏") else _keras2)(lines)
    if re.fullmatch(r"_+", lines.peek()):  # Keras 2's closing rule
        lines.at += 1
    if lines.at < lines.stop:
        _refuse(lines.at + 1, _("the end of the summary"), shown(lines.peek()))
    return summary


def read_printed(name: str, **metadata: Any) -> Summary:
    """The summary in ``keras_recipes/printed/<name>.txt``, with ``metadata`` such as its source."""
    text = resources.files("keras_recipes").joinpath("printed", f"{name}.txt").read_text("utf-8")
    return dataclasses.replace(parse_summary(text), **metadata)


def read_derived(name: str, source: str) -> Summary:
    """A summary no document printed, written here in the layout Keras prints (not Keras's
    figures), under ``printed/<name>.txt``; every row name is ours, so each must match."""
    return read_printed(name, source=source, printed=False, exact_names=True)
