"""Model summaries as data (``Row``, ``Summary``), and the checks they pass before use.

The documents' summaries and the rows read from a built model are written in
these types; a teacher may write one too (``summary_from_dict``), and
``validate`` names a typo by row and field, in a short message whatever the
data. Totals are taken as written (a shared layer is counted once).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import graphlib
import re
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from keras_recipes.i18n import N_, _, shown

Shape = tuple[int | None, ...]
# A layer's output as a printed summary may show it: one shape, several (a tuple of shapes), or
# None where the text does not say (Keras 2's "multiple", an unbuilt layer's "?", a cut cell).
OutputShape = Shape | tuple[Shape, ...] | None


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of a model summary: a layer and what it produces."""

    name: str
    type: str
    # A summary read from text may hold a tuple of shapes or None here, and None for a count
    # it does not show (``parse_summary``); ``validate`` accepts only one shape and a count.
    output_shape: OutputShape
    params: int | None
    # Names of the layers feeding this one, in call order. ``None`` where the
    # summary has no "Connected to" column (Keras 2 printed it only for
    # non-linear models).
    connected_to: tuple[str, ...] | None = None

    @property
    def generated_name(self) -> bool:
        """Whether Keras made this name up (``max_pooling2d_1``, Keras 2's ``input_1``): such
        names count the layers of a type made before, so they differ between runs."""
        return _made_up_names(self.type).fullmatch(self.name) is not None

    @property
    def unshown(self) -> tuple[str, ...]:
        """What the printed row does not show whole, as field names: a name, type or input cut
        short ends in "…" (Keras 2's cells cut without a mark get one); an output shape or count
        it does not show (``multiple``, ``?``, a cut cell) is None."""
        inputs = self.connected_to or ()
        return tuple(
            field
            for field, unshown in (
                (N_("name"), self.name.endswith("…")),
                (N_("type"), self.type.endswith("…")),
                (N_("output shape"), self.output_shape is None),
                (N_("parameter count"), self.params is None),
                (N_("inputs"), any(name.endswith("…") for name in inputs)),
            )
            if unshown
        )


def shape_text(shape: OutputShape) -> str:
    """A shape as a summary prints it, several separated by commas; ``?`` where none is shown."""
    if shape is None:
        return "?"
    if shape and all(isinstance(part, tuple) for part in shape):  # a layer with several outputs
        return ", ".join(map(str, shape))
    return str(tuple(shape))


@dataclasses.dataclass(frozen=True)
class Summary:
    """A whole summary: its rows, the three totals under them, and where they come from."""

    rows: tuple[Row, ...]
    total: int
    trainable: int
    non_trainable: int
    source: str
    # Whether Keras printed these figures (read from its text), and which version did.
    printed: bool = False
    keras_version: str | None = None
    # Every row name chosen by hand: each must match exactly, even one that reads like a
    # Keras-made name (the corrected CNN's ``flatten``).
    exact_names: bool = False
    # Keras 3's "Optimizer params" line, where the summary prints one.
    optimizer: int | None = None

    def unlisted(self) -> str | None:
        """Why the rows may not add up to the printed total, taken as printed, never "fixed":
        rows reading layers the summary does not list (a part printed with ``layer_range``), or
        rows that all show their counts and do not add up to the total."""
        names = {row.name for row in self.rows}
        outside = sorted({n for row in self.rows for n in row.connected_to or () if n not in names})
        if outside:
            return _(
                "its rows read {names}, which it does not list: it shows part of a model, as "
                "summary(layer_range=...) prints"
            ).format(names=", ".join(outside))
        if any(row.params is None for row in self.rows):
            return None
        listed = sum(row.params or 0 for row in self.rows)
        if listed + (self.optimizer or 0) == self.total:  # Keras 3 counts the optimizer's in
            return None
        return _(
            "its rows add up to {listed}, not its total {total}: a shared layer is counted "
            "once in the total, tied weights twice in the rows, and summary(layer_range=...) "
            "lists part of a model"
        ).format(listed=f"{listed:,}", total=f"{self.total:,}")


def canonical_type(name: str) -> str:
    """The class name Keras reports for a layer type given by an alias (MaxPool2D: MaxPooling2D)."""
    return _layer_aliases().get(name, name)


@functools.cache
def _layer_aliases() -> dict[str, str]:
    from keras_recipes._keras import layers

    return {
        alias: value.__name__
        for alias, value in vars(layers).items()
        if isinstance(value, type) and value.__name__ != alias
    }


@functools.cache
def _made_up_names(type_name: str) -> re.Pattern[str]:
    kind = canonical_type(type_name)  # loads Keras
    from keras.src.utils.naming import to_snake_case

    pattern = rf"{re.escape(to_snake_case(kind))}(?:_[1-9][0-9]*)?"
    if kind == "InputLayer":
        pattern += "|input_[1-9][0-9]*"  # Keras 2: input_1, input_2, ...
    return re.compile(pattern)


# Keras counts parameters and sizes dimensions in int64; anything larger is a typo.
_LIMIT = 2**63
_LISTED = 5  # names listed in a message before "... and N more"


class SummaryDataError(ValueError):
    """An expected summary that cannot be right whatever the model is."""


def _refuse(message: str, **fields: Any) -> NoReturn:
    raise SummaryDataError(message.format(**fields))


def _listing(values: Sequence[Any]) -> str:
    """``'a', 'b', 'c' ... and 9,997 more``."""
    text = ", ".join(shown(value) for value in values[:_LISTED])
    if len(values) > _LISTED:
        more = f"{len(values) - _LISTED:,}"
        text = _("{shown} ... and {count} more").format(shown=text, count=more)
    return text


def _where(index: int, row: object) -> str:
    """``row 3 ('hidden1')``, in the current language."""
    name = row.get("name") if isinstance(row, Mapping) else getattr(row, "name", None)
    if isinstance(name, str) and name:
        return _("row {number} ({name})").format(number=index + 1, name=shown(name))
    return _("row {number}").format(number=index + 1)


def _is_count(value: object, least: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and least <= value < _LIMIT


def _shape_ok(shape: object) -> bool:
    """One shape, several (a layer with several outputs), or None: not shown in print."""
    if shape is None:
        return True
    if isinstance(shape, tuple) and shape and all(isinstance(part, tuple) for part in shape):
        return all(_shape_ok(part) and part is not None for part in shape)
    return (
        isinstance(shape, tuple)
        and bool(shape)
        and all(dim is None or _is_count(dim, least=1) for dim in shape)
    )


def _row_problem(row: object, where: str) -> str | None:
    """What is wrong with one row's fields, said of the row ``where`` names, or None."""
    if not isinstance(row, Row):
        message, value = _("{where}: rows must hold Row objects, got {value}"), row
    elif not (isinstance(row.name, str) and row.name):
        message, value = _("{where}: name must be a non-empty string, got {value}"), row.name
    elif not (isinstance(row.type, str) and row.type):
        message = _("{where}: type must be a layer class name such as 'Dense', got {value}")
        value = row.type
    elif not _shape_ok(row.output_shape):
        message = _(
            "{where}: output_shape must be a tuple of None and whole numbers from 1 to "
            "2**63 - 1, like (None, 28, 28, 1), got {value}"
        )
        value = row.output_shape
    elif row.params is not None and not _is_count(row.params):  # None: cut short in print
        message = _("{where}: params must be a whole number from 0 to 2**63 - 1, got {value}")
        value = row.params
    elif row.connected_to is not None and not (
        isinstance(row.connected_to, tuple)
        and all(isinstance(name, str) and name for name in row.connected_to)
    ):
        message = _("{where}: connected_to must be a tuple of layer names or None, got {value}")
        value = row.connected_to
    else:
        return None
    return message.format(where=where, value=shown(value))


def _cycle(rows: Sequence[Row]) -> list[str]:
    """Names on one cycle of connections, each taking input from the next, or ``[]``."""
    graph: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for row in rows:
        graph.add(row.name)  # first, so that the search starts from the rows in order
    for row in rows:
        for source in row.connected_to or ():
            graph.add(source, row.name)  # the search walks from a row to its sources
    try:
        graph.prepare()
    except graphlib.CycleError as error:
        return error.args[1][:-1]  # without the first name repeated at its end
    return []


def validate(summary: Summary) -> Summary:
    """``summary`` itself, if consistent whatever the model: rows well formed, names unique,
    connections to other rows (or, in printed text, to layers it does not list) and in no cycle,
    totals whole numbers; else ``SummaryDataError``."""
    if not isinstance(summary, Summary):
        message = _("expected a Summary, got {value} (summary_from_dict builds one from a dict)")
        _refuse(message, value=shown(summary))
    rows = summary.rows
    if not isinstance(rows, tuple) or not rows:
        _refuse(_("rows must be a non-empty tuple of Row objects, got {value}"), value=shown(rows))
    index: dict[str, int] = {}
    for i, row in enumerate(rows):
        problem = _row_problem(row, _where(i, row))
        if problem is None and row.name in index:
            problem = _("{where}: duplicate of row {number}; each layer name may appear once")
            problem = problem.format(where=_where(i, row), number=index[row.name] + 1)
        if problem:
            raise SummaryDataError(problem)
        index[row.name] = i
    for i, row in enumerate(rows):
        for source in row.connected_to or ():
            # Printed text may read layers it does not list (a part, by ``layer_range``); a
            # summary typed by hand may not: there it is a typo.
            if source not in index and not summary.printed:
                close = difflib.get_close_matches(source[:200], list(index), n=1)
                message = _(
                    "{where}: connected to {source}, which is not a row of this summary "
                    "(rows: {rows})"
                )
                if close:
                    message = _(
                        "{where}: connected to {source}, which is not a row of this summary "
                        "(did you mean {close}?)"
                    )
                _refuse(
                    message,
                    where=_where(i, row),
                    source=shown(source),
                    close=shown(close[0]) if close else "",
                    rows=_listing(list(index)),
                )
    cycle = _cycle(rows)
    if cycle:
        shown_cycle = [*cycle, cycle[0]]
        if len(shown_cycle) > _LISTED + 1:
            more = _("... {count} more").format(count=f"{len(cycle) - _LISTED:,}")
            shown_cycle = [*shown_cycle[:_LISTED], more, cycle[0]]
        message = _(
            "{where}: connected_to goes round in a cycle ({cycle}, each taking input from "
            "the next); a layer cannot depend on its own output"
        )
        _refuse(
            message,
            where=_where(index[cycle[0]], rows[index[cycle[0]]]),
            cycle=" <- ".join(n if n.startswith("...") else shown(n) for n in shown_cycle),
        )
    for field in ("total", "trainable", "non_trainable", "optimizer"):
        value = getattr(summary, field)
        if not _is_count(value) and not (field == "optimizer" and value is None):
            message = _("{field} must be a whole number from 0 to 2**63 - 1, got {value}")
            _refuse(message, field=field, value=shown(value))
    return summary


_ROW_FIELDS = [field.name for field in dataclasses.fields(Row)]
_SUMMARY_FIELDS = [field.name for field in dataclasses.fields(Summary)]


def _check_fields(data: Mapping[Any, Any], known: Sequence[str], optional: int, where: str) -> None:
    """Refuses an unknown field (naming the likeliest meant) or a missing required one."""
    unknown = [key for key in data if key not in known]
    if unknown:
        first = unknown[0]
        close = difflib.get_close_matches(first, known, n=1) if isinstance(first, str) else []
        named = _listing(unknown)
        if close:
            named = _("{key} (did you mean {close}?)").format(key=named, close=repr(close[0]))
        message = _("{where}: unknown field(s) {unknown}; the fields are {known}")
        _refuse(message, where=where, unknown=named, known=", ".join(known))
    missing = [name for name in known[: len(known) - optional] if name not in data]
    if missing:
        _refuse(_("{where}: missing field(s) {missing}"), where=where, missing=", ".join(missing))


def _tuple(value: Any) -> Any:
    # Only the outer list: anything nested stays visible to ``validate``.
    return tuple(value) if isinstance(value, list) else value


def summary_from_dict(data: Mapping[str, Any]) -> Summary:
    """A validated ``Summary`` from plain data such as parsed JSON (lists for tuples)."""
    if not isinstance(data, Mapping):
        message = _("the summary must be a mapping of fields such as parsed JSON, got {value}")
        if isinstance(data, str):
            message = _(
                "the summary must be a mapping of fields such as parsed JSON, got {value} "
                "(parse the JSON text first, e.g. with json.loads)"
            )
        _refuse(message, value=shown(data))
    _check_fields(data, _SUMMARY_FIELDS, 4, _("the summary"))
    if not isinstance(data["rows"], (list, tuple)):
        message = _("rows must be a list of rows, each a mapping of fields, got {value}")
        _refuse(message, value=shown(data["rows"]))
    rows = []
    for i, raw in enumerate(data["rows"]):
        if not isinstance(raw, Mapping):
            message = _("{where}: expected a mapping of fields, got {value}")
            _refuse(message, where=_where(i, raw), value=shown(raw))
        _check_fields(raw, _ROW_FIELDS, 1, _where(i, raw))
        rows.append(Row(**{key: _tuple(value) for key, value in raw.items()}))
    return validate(Summary(**{**data, "rows": tuple(rows)}))
