"""A printed model summary read back as a ``Summary``, in either layout Keras prints.

Keras 2's: ``____`` rules, cells where the header's words start, more inputs on the next
lines. Keras 3's: a box table, a cell's text wrapped onto the row's next lines. One function
per layout; the cells are read by helpers they share. The sizes beside Keras 3's totals are
not kept, and where a summary comes from is for its reader to say (``read_printed``).
"""

from __future__ import annotations

import dataclasses
import re
from importlib import resources
from typing import Any, NoReturn

from keras_recipes.i18n import _, shown
from keras_recipes.summary import Row, Summary


class SummaryTextError(ValueError):
    """A text that does not read as a printed model summary; names the line and what it lacks."""


def _refuse(number: int, what: str, found: str) -> NoReturn:
    message = _("line {number}: expected {what}, found {found}")
    raise SummaryTextError(message.format(number=number, what=what, found=found))


class _Lines:
    """The text's lines, read one by one: numbered as in the text, without trailing spaces,
    CRLF or the blank lines around the summary."""

    def __init__(self, text: str) -> None:
        self.lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
        filled = [i for i, line in enumerate(self.lines) if line] or [-1]
        self.at, self.stop = max(filled[0], 0), filled[-1] + 1

    def peek(self) -> str:
        return self.lines[self.at] if self.at < self.stop else ""

    def take(self, pattern: str, what: str) -> re.Match[str]:
        """The next line if ``pattern`` matches it whole, else ``SummaryTextError``."""
        match = re.fullmatch(pattern, self.peek()) if self.at < self.stop else None
        if match is None:
            found = shown(self.peek()) if self.at < self.stop else _("the end of the text")
            _refuse(self.at + 1, what, found)
        self.at += 1
        return match


def _cell(number: int, pattern: str, cell: str, what: str) -> re.Match[str]:
    match = re.fullmatch(pattern, cell)
    if match is None:
        _refuse(number, what, shown(cell))
    return match


def _row(number: int, cells: list[str], connected: bool) -> Row:
    """One row from its cells: ``name (Type)``, a shape, a count, and maybe its inputs."""
    what = _("a layer's name and type such as {example}").format(example=shown("dense (Dense)"))
    name, kind = _cell(number, r"(\S+) \((\w+)\)", cells[0], what).groups()
    what = _("an output shape such as (None, 28, 28, 1)")
    dims = _cell(number, r"\(((?:None|\d+)(?:, (?:None|\d+))*),?\)", cells[1], what).group(1)
    shape = tuple(None if dim == "None" else int(dim) for dim in dims.split(", "))
    inputs = None
    if connected:  # "a[0][0], b[0][0]" (Keras 3), "a[0][0] b[0][0]" (Keras 2); "-" or ""
        what = _("connections such as {example}").format(example=shown("dense[0][0], add[0][0]"))
        entries = re.split(r",? +", cells[3]) if cells[3] not in ("", "-") else []
        inputs = tuple(_cell(number, r"(.+?)\[\d+\]\[\d+\]", e, what)[1] for e in entries)
    what = _("a parameter count such as 1,290")
    params = int(_cell(number, r"\d+(?:,\d{3})*", cells[2], what).group().replace(",", ""))
    return Row(name, kind, shape, params, inputs)


def _totals(lines: _Lines, rows: list[Row]) -> Summary:
    counts = []
    for label in ("Total", "Trainable", "Non-trainable"):
        what = _("the line {line}").format(line=shown(f"{label} params: N"))
        pattern = rf" *{label} params: (\d+(?:,\d{{3}})*)(?: \(\d+\.\d\d [KMGTP]?B\))?"
        counts.append(int(lines.take(pattern, what)[1].replace(",", "")))
    return Summary(tuple(rows), counts[0], counts[1], counts[2], source="")


def _keras2(lines: _Lines) -> Summary:
    lines.take(r"_+", _("a rule of underscores"))
    header = r"Layer \(type\) +Output Shape +Param #(?: +Connected to)?"
    what = _("the header {header}").format(header=shown("Layer (type)  Output Shape  Param #"))
    words = lines.take(header, what).group()
    starts = [
        0,
        *(words.find(w) for w in ("Output Shape", "Param #", "Connected to") if w in words),
    ]
    lines.take(r"=+", _("a rule of equals signs"))
    rows: list[Row] = []
    rule = "_"
    while rule.startswith("_"):
        number = lines.at + 1
        line = lines.take(r"\S.*", _("a row of the table")).group()
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
        while len(starts) == 4 and lines.peek()[: starts[3]].isspace():  # more inputs
            cells[3] += " " + lines.take(r" +\S+", _("a row of the table")).group().strip()
        rule = lines.take(r"_+|=+", _("a rule under the row")).group()
        rows.append(_row(number, cells, len(starts) == 4))
    summary = _totals(lines, rows)
    if lines.peek().startswith("_"):
        lines.take(r"_+", _("a rule of underscores"))
    return summary


def _keras3(lines: _Lines) -> Summary:
    lines.take(r"┏━[━┳]*┓", _("the top of a table"))
    header = r"┃ Layer \(type\) +┃ Output Shape +┃ +Param # ┃(?: Connected to +┃)?"
    what = _("the header {header}").format(header=shown("┃ Layer (type) ┃ Output Shape ┃ ..."))
    columns = lines.take(header, what).group().count("┃") - 1
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
        rows.append(_row(number, cells, columns == 4))
    return _totals(lines, rows)


def parse_summary(text: str) -> Summary:
    """The ``Summary`` that ``text`` prints (``model.summary()``'s output, Keras 2 or 3), with an
    empty ``source``; else ``SummaryTextError`` naming the first line that does not read."""
    lines = _Lines(text)
    if lines.peek().startswith("Model: "):  # Keras 3 (and later Keras 2) name the model first
        what = _("a line such as {example}").format(example=shown('Model: "mlp"'))
        lines.take(r'Model: ".*"', what)
    summary = (_keras3 if lines.peek().startswith("┏") else _keras2)(lines)
    if lines.at < lines.stop:
        _refuse(lines.at + 1, _("the end of the summary"), shown(lines.peek()))
    return summary


def read_printed(name: str, **metadata: Any) -> Summary:
    """The summary in ``keras_recipes/printed/<name>.txt``, with ``metadata`` such as its source."""
    text = resources.files("keras_recipes").joinpath("printed", f"{name}.txt").read_text("utf-8")
    return dataclasses.replace(parse_summary(text), **metadata)
