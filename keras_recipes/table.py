"""Plain-text tables: columns as wide as their widest cell, two spaces apart.

The one renderer behind every table the package prints: ``check``'s report,
``explain``, and ``keras-recipes list``. A cell is one line of text or several
stacked (a layer's name with the article's name under it); text is
left-justified, numbers right-justified, and no line ends in spaces.

Widths are what a terminal shows, not ``len()``: a Chinese character takes
two columns, so the zh-TW tables line up as the English ones do.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# One line of text, or several stacked in one cell.
Cell = str | Sequence[str]

GAP = "  "


@dataclass(frozen=True)
class Column:
    """One column: its heading, how its text is justified, and its group's label, if any."""

    heading: str = ""
    # Numbers read best right-justified.
    right: bool = False
    # Said on a line above the headings, starting over this column; it may run
    # on over the next one ("Output shape" over "article" and "Keras 3").
    group: str = ""


def _lines(cell: Cell) -> Sequence[str]:
    return [cell] if isinstance(cell, str) else cell


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for a wide (CJK) character, else one.

    Ambiguous ones (the multiplication and minus signs) count one, as Western
    terminals show them.
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _justify(text: str, columns: int, right: bool) -> str:
    pad = " " * max(columns - width(text), 0)
    return pad + text if right else text + pad


class Table:
    """Columns sized once, for every row the table will show.

    Args:
        columns: the columns, left to right.
        rows: every row to be shown, a cell per column; each column is as wide
            as its heading or the longest line of its cells.
    """

    def __init__(self, columns: Sequence[Column], rows: Iterable[Sequence[Cell]]) -> None:
        self.columns = tuple(columns)
        self.widths = [width(column.heading) for column in self.columns]
        for row in rows:
            for i, cell in enumerate(row):
                self.widths[i] = max([self.widths[i], *(width(text) for text in _lines(cell))])

    def line(self, texts: Sequence[str]) -> str:
        """One line of text, a piece per column, each justified to its column's width."""
        return GAP.join(
            _justify(text, columns, column.right)
            for column, text, columns in zip(self.columns, texts, self.widths, strict=True)
        ).rstrip()

    def lines(self, row: Sequence[Cell]) -> list[str]:
        """One row: as many lines as its tallest cell has."""
        cells = [_lines(cell) for cell in row]
        height = max(len(cell) for cell in cells)
        return [self.line([c[k] if k < len(c) else "" for c in cells]) for k in range(height)]

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
