"""Plain-text tables, the one renderer behind ``check``, ``explain`` and ``list``.

Columns are as wide as their widest cell, two spaces apart; text is
left-justified, numbers right-justified, and no line ends in spaces. A cell is
one line or several stacked. Widths are what a terminal shows: a Chinese
character takes two columns, so the zh-TW tables line up as the English ones do.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# One line of text, or several stacked in one cell.
Cell = str | Sequence[str]

GAP = "  "


@dataclass(frozen=True)
class Column:
    """A heading; ``right`` for numbers; ``group``, a label above the headings that starts
    over this column and may run on over the next ("Output shape" over "article", "Keras 3")."""

    heading: str = ""
    right: bool = False
    group: str = ""


def _lines(cell: Cell) -> Sequence[str]:
    return [cell] if isinstance(cell, str) else cell


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for a wide (CJK) character, else one."""
    # Ambiguous ones (the multiplication and minus signs) count one, as Western terminals show them.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _justify(text: str, columns: int, right: bool) -> str:
    pad = " " * max(columns - width(text), 0)
    return pad + text if right else text + pad


class Table:
    """``columns`` sized once for every row in ``rows``, a cell per column."""

    def __init__(self, columns: Sequence[Column], rows: Iterable[Sequence[Cell]]) -> None:
        self.columns = tuple(columns)
        self.widths = [width(column.heading) for column in self.columns]
        for row in rows:
            for i, cell in enumerate(row):
                self.widths[i] = max([self.widths[i], *(width(text) for text in _lines(cell))])

    def line(self, texts: Sequence[str]) -> str:
        """One line, a piece of text per column, each justified to its column's width."""
        return GAP.join(
            _justify(text, columns, column.right)
            for column, text, columns in zip(self.columns, texts, self.widths, strict=True)
        ).rstrip()

    def lines(self, row: Sequence[Cell]) -> list[str]:
        """One row: as many lines as its tallest cell has."""
        stacked = itertools.zip_longest(*(_lines(cell) for cell in row), fillvalue="")
        return [self.line(texts) for texts in stacked]

    def heading(self) -> list[str]:
        """The line of group labels, where a column has one, then the line of headings."""
        out = []
        if any(column.group for column in self.columns):
            groups = ""
            for i, column in enumerate(self.columns):
                if column.group:
                    start = sum(self.widths[:i]) + len(GAP) * i
                    if groups and width(groups) >= start:  # the label before runs on over it
                        groups += GAP
                    else:
                        groups = _justify(groups, start, right=False)
                    groups += column.group
            out.append(groups)
        out.append(self.line([column.heading for column in self.columns]))
        return out


def rule(lines: Iterable[str]) -> str:
    """A line of dashes as wide as the widest of ``lines``."""
    return "-" * max(width(text) for text in lines)
