"""Model summaries as data: their rows, their totals, and the checks they pass before use.

A ``Summary`` is what ``model.summary()`` prints, written as data: one ``Row``
per layer and the three totals under them. The documents' summaries
(``keras_recipes.article``, ``keras_recipes.guide``) and the rows read from a
built model (``keras_recipes.graph.read_rows``) are both written in these types.

A teacher may write a summary of their own (as ``Summary`` objects, or as a
dict such as one loaded from JSON); a typo there must read as a typo in the
data, naming the row and the field, not as a puzzling mismatch with the model
or a traceback from deep inside Python. Every message stays a few lines long
whatever the data: values are shown shortened (long text cut, nested lists as
``[...]``, huge numbers by their size) and lists of names end in "... and N
more".

Importing this module imports nothing heavy: ``Row.generated_name`` and
``canonical_type`` load Keras when called, to apply Keras' own naming rules.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from keras_recipes.i18n import _

Shape = tuple[int | None, ...]


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of a model summary: a layer and what it produces."""

    name: str
    type: str
    output_shape: Shape
    params: int
    # Names of the layers feeding this one, in call order. ``None`` where the
    # summary has no "Connected to" column (Keras 2 printed it only for
    # non-linear models).
    connected_to: tuple[str, ...] | None = None

    @property
    def generated_name(self) -> bool:
        """Whether this name is one Keras makes up for a layer of this type.

        Keras 3 names the first unnamed ``MaxPooling2D`` ``max_pooling2d``
        and the next ones ``max_pooling2d_1``, ``max_pooling2d_2``; Keras 2
        numbered from the first (``flatten_9``) and named inputs ``input_1``.
        Such names depend on how many layers of the type were made before, so
        they differ between runs and versions. Reading this imports Keras,
        whose own snake-case rule makes the names.
        """
        return _made_up_names(self.type).fullmatch(self.name) is not None


@dataclasses.dataclass(frozen=True)
class Summary:
    """A whole summary: its rows, the three totals under them, and where they come from."""

    rows: tuple[Row, ...]
    total: int
    trainable: int
    non_trainable: int
    source: str
    # Whether Keras printed these figures (the article's tables) rather than
    # a person deriving them.
    printed: bool = False
    # The Keras version that printed them, where one did.
    keras_version: str | None = None
    # True where every row name was chosen by hand, none made up by Keras:
    # each name must then match exactly, even one that reads like a Keras-made
    # name, such as the corrected CNN's ``flatten``.
    exact_names: bool = False


def canonical_type(name: str) -> str:
    """The class name Keras reports for a layer type given by an alias: MaxPool2D -> MaxPooling2D.

    A summary Keras printed names the class itself; hand-written ones may use
    an alias. The aliases are read from ``keras.layers``, so reading them
    imports Keras.
    """
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
    kind = canonical_type(type_name)  # loads Keras through keras_recipes._keras
    from keras.src.utils.naming import to_snake_case

    # A counter, where there is one, starts at 1 and has no leading zero.
    pattern = rf"{re.escape(to_snake_case(kind))}(?:_[1-9][0-9]*)?"
    if kind == "InputLayer":
        pattern += "|input_[1-9][0-9]*"  # Keras 2: input_1, input_2, ...
    return re.compile(pattern)


# ---------------------------------------------------------------- validation


def _field_names(kind: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A dataclass's required and optional field names, in declaration order."""
    every = dataclasses.fields(kind)
    return (
        tuple(f.name for f in every if f.default is dataclasses.MISSING),
        tuple(f.name for f in every if f.default is not dataclasses.MISSING),
    )


_ROW_FIELDS, _ROW_OPTIONAL = _field_names(Row)
_SUMMARY_FIELDS, _SUMMARY_OPTIONAL = _field_names(Summary)

# Keras counts parameters and sizes dimensions in int64; anything larger is a
# typo, and bounding it keeps every number printable (Python refuses to turn
# an int of more than 4,300 digits into text).
_LIMIT = 2**63
_NAMES_SHOWN = 5
_ITEMS_SHOWN = 6
_CHARS_SHOWN = 40
_VERSION = re.compile(r"\d+(\.\d+)+[\w.+-]*")


class SummaryDataError(ValueError):
    """An expected summary that cannot be right whatever the model is."""


def _show(value: object, nested: bool = False) -> str:
    """``repr(value)``, shortened so that any value reads in a line; never recurses."""
    if value is None or isinstance(value, (bool, float)):
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() <= 64:
            return int.__repr__(value)
        digits = int((value.bit_length() - 1) * math.log10(2)) + 1
        return _("a number of about {digits} digits").format(digits=f"{digits:,}")
    if isinstance(value, str):
        if len(value) <= _CHARS_SHOWN:
            return str.__repr__(value)
        return _("{start}... ({length} characters)").format(
            start=str.__repr__(value[:_CHARS_SHOWN]), length=f"{len(value):,}"
        )
    if isinstance(value, (list, tuple)):
        left, right = "[]" if isinstance(value, list) else "()"
        if nested:
            return f"{left}...{right}"
        items = [_show(item, nested=True) for item in value[:_ITEMS_SHOWN]]
        if len(value) > _ITEMS_SHOWN:
            items.append(_("... and {count} more").format(count=f"{len(value) - _ITEMS_SHOWN:,}"))
        elif len(value) == 1 and isinstance(value, tuple):
            items[0] += ","
        return f"{left}{', '.join(items)}{right}"
    if nested:
        return "{...}" if isinstance(value, Mapping) else f"{type(value).__name__}(...)"
    return _("a {type}").format(type=type(value).__name__)


def _listing(values: Sequence[Any], show: Callable[[Any], str] = _show) -> str:
    """``'a', 'b', 'c' ... and 9,997 more``: at most a handful of values, each shown."""
    text = ", ".join(show(value) for value in values[:_NAMES_SHOWN])
    if len(values) > _NAMES_SHOWN:
        text = _("{shown} ... and {count} more").format(
            shown=text, count=f"{len(values) - _NAMES_SHOWN:,}"
        )
    return text


def _check_fields(
    data: Mapping[Any, Any], required: Sequence[str], optional: Sequence[str], where: str
) -> None:
    """Raises unless ``data`` has every required field and no unknown one.

    An unknown field is named with the known field it most likely meant.
    """
    known = (*required, *optional)

    def show(key: object) -> str:
        close = (
            difflib.get_close_matches(key, known, n=1)
            if isinstance(key, str) and len(key) <= _CHARS_SHOWN
            else []
        )
        if not close:
            return _show(key)
        return _("{key} (did you mean {close}?)").format(key=_show(key), close=repr(close[0]))

    unknown = [key for key in data if key not in known]
    if unknown:
        raise SummaryDataError(
            _("{where}: unknown field(s) {unknown}; the fields are {known}").format(
                where=where, unknown=_listing(unknown, show), known=", ".join(known)
            )
        )
    missing = [name for name in required if name not in data]
    if missing:
        raise SummaryDataError(
            _("{where}: missing field(s) {missing}").format(where=where, missing=", ".join(missing))
        )


def _where(index: int, row: object) -> str:
    """Which row a message is about, in the current language: ``row 3 ('hidden1')``."""
    name = row.get("name") if isinstance(row, Mapping) else getattr(row, "name", None)
    if isinstance(name, str) and name:
        return _("row {number} ({name})").format(number=index + 1, name=_show(name))
    return _("row {number}").format(number=index + 1)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _LIMIT


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value != ""


def _shape_problem(shape: object, where: str) -> str | None:
    if not isinstance(shape, tuple):
        return _(
            "{where}: output_shape must be a tuple like (None, 28, 28, 1), got {value}"
        ).format(where=where, value=_show(shape))
    if not shape:
        return _(
            "{where}: output_shape is empty; it holds at least the batch dimension, like (None, 10)"
        ).format(where=where)
    for position, dim in enumerate(shape):
        if dim is None or (_is_count(dim) and dim > 0):
            continue
        if isinstance(dim, (list, tuple)):
            message = _(
                "{where}: output_shape {shape} has a nested list at position {position}; each "
                "dimension must be None or a whole number from 1 to 2**63 - 1, like "
                "(None, 28, 28, 1)"
            )
        else:
            message = _(
                "{where}: output_shape {shape} has {value} at position {position}; each "
                "dimension must be None or a whole number from 1 to 2**63 - 1, like "
                "(None, 28, 28, 1)"
            )
        return message.format(
            where=where, shape=_show(shape), value=_show(dim), position=position + 1
        )
    return None


def _row_problem(row: object, where: str) -> str | None:
    """What is wrong with one row's fields, or None, said of the row ``where`` names."""
    if not isinstance(row, Row):
        message = _("{where}: rows must hold Row objects, got {value}")
        return message.format(where=where, value=_show(row))
    if not _is_text(row.name):
        message = _("{where}: name must be a non-empty string, got {value}")
        return message.format(where=where, value=_show(row.name))
    if not _is_text(row.type):
        message = _("{where}: type must be a layer class name such as 'Dense', got {value}")
        return message.format(where=where, value=_show(row.type))
    problem = _shape_problem(row.output_shape, where)
    if problem:
        return problem
    if not _is_count(row.params):
        message = _("{where}: params must be a whole number from 0 to 2**63 - 1, got {value}")
        return message.format(where=where, value=_show(row.params))
    connected = row.connected_to
    if connected is not None and not (
        isinstance(connected, tuple) and all(_is_text(c) for c in connected)
    ):
        message = _("{where}: connected_to must be a tuple of layer names or None, got {value}")
        return message.format(where=where, value=_show(connected))
    return None


def _check_connections(rows: Sequence[Row]) -> None:
    """Every connection names another row, and following them never comes back round."""
    index = {row.name: i for i, row in enumerate(rows)}
    for i, row in enumerate(rows):
        for source in row.connected_to or ():
            if source == row.name:
                raise SummaryDataError(
                    _(
                        "{where}: connected_to names the row itself; a layer cannot take its own "
                        "output as input"
                    ).format(where=_where(i, row))
                )
            if source not in index:
                close = (
                    difflib.get_close_matches(source, [r.name for r in rows], n=1)
                    if len(source) <= _CHARS_SHOWN
                    else []
                )
                if close:
                    message = _(
                        "{where}: connected to {source}, which is not a row of this summary "
                        "(did you mean {close}?)"
                    )
                else:
                    message = _(
                        "{where}: connected to {source}, which is not a row of this summary "
                        "(rows: {rows})"
                    )
                raise SummaryDataError(
                    message.format(
                        where=_where(i, row),
                        source=_show(source),
                        close=_show(close[0]) if close else "",
                        rows=_listing([r.name for r in rows]),
                    )
                )
    cycle = _find_cycle(rows, index)
    if cycle:
        first = min(cycle, key=index.__getitem__)
        at = cycle.index(first)
        cycle = [*cycle[at:], *cycle[:at], first]
        shown = [_show(name) for name in cycle]
        if len(shown) > _NAMES_SHOWN + 1:
            shown = [
                *shown[:_NAMES_SHOWN],
                _("... {count} more").format(count=f"{len(cycle) - _NAMES_SHOWN - 1:,}"),
                shown[-1],
            ]
        raise SummaryDataError(
            _(
                "{where}: connected_to goes round in a cycle ({cycle}, each taking input from "
                "the next); a layer cannot depend on its own output"
            ).format(where=_where(index[first], rows[index[first]]), cycle=" <- ".join(shown))
        )


def _find_cycle(rows: Sequence[Row], index: Mapping[str, int]) -> list[str]:
    """Names on one cycle of connections, or ``[]``: a depth-first walk, linear in the rows."""
    done: set[str] = set()
    for row in rows:
        if row.name in done:
            continue
        # The walk's path: each name with what is left of its connections.
        path = [(row.name, iter(row.connected_to or ()))]
        on_path = {row.name: 0}
        while path:
            name, sources = path[-1]
            for source in sources:
                if source in on_path:
                    return [n for n, _ in path[on_path[source] :]]
                if source not in done:
                    on_path[source] = len(path)
                    path.append((source, iter(rows[index[source]].connected_to or ())))
                    break
            else:
                path.pop()
                del on_path[name]
                done.add(name)
    return []


def validate(summary: Summary) -> Summary:
    """Checks that an expected summary is consistent in itself, whatever the model.

    Checks every field's type and range, that no two rows share a name, that
    every connection names another row of the same summary and that the
    connections form no cycle, and that the totals agree with the rows.

    Returns:
        ``summary`` itself.

    Raises:
        SummaryDataError: naming the row and field that cannot be right.
    """
    if not isinstance(summary, Summary):
        raise SummaryDataError(
            _("expected a Summary, got {value} (summary_from_dict builds one from a dict)").format(
                value=_show(summary)
            )
        )
    rows = summary.rows
    if not isinstance(rows, tuple):
        raise SummaryDataError(
            _("rows must be a tuple of Row objects, got {value}").format(value=_show(rows))
        )
    if not rows:
        raise SummaryDataError(_("rows is empty: a summary lists at least one layer"))
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        problem = _row_problem(row, _where(index, row))
        if problem:
            raise SummaryDataError(problem)
        if row.name in seen:
            raise SummaryDataError(
                _("{where}: duplicate of row {number}; each layer name may appear once").format(
                    where=_where(index, row), number=seen[row.name] + 1
                )
            )
        seen[row.name] = index
    _check_connections(rows)
    for label in ("total", "trainable", "non_trainable"):
        value = getattr(summary, label)
        if not _is_count(value):
            raise SummaryDataError(
                _("{field} must be a whole number from 0 to 2**63 - 1, got {value}").format(
                    field=label, value=_show(value)
                )
            )
    added = sum(row.params for row in rows)
    if summary.total != added:
        raise SummaryDataError(
            _("total {total} disagrees with its rows, whose params add up to {added}").format(
                total=f"{summary.total:,}", added=f"{added:,}"
            )
        )
    if summary.trainable + summary.non_trainable != summary.total:
        raise SummaryDataError(
            _(
                "trainable {trainable} + non_trainable {non_trainable} does not make total {total}"
            ).format(
                trainable=f"{summary.trainable:,}",
                non_trainable=f"{summary.non_trainable:,}",
                total=f"{summary.total:,}",
            )
        )
    if not _is_text(summary.source):
        raise SummaryDataError(
            _(
                "source must be a non-empty string saying where the figures come from, got {value}"
            ).format(value=_show(summary.source))
        )
    if not isinstance(summary.printed, bool):
        raise SummaryDataError(
            _(
                "printed must be True (the figures were printed by Keras) or False, got {value}"
            ).format(value=_show(summary.printed))
        )
    if not isinstance(summary.exact_names, bool):
        raise SummaryDataError(
            _(
                "exact_names must be True (every name must match as written) or False "
                "(Keras-made names such as 'dense_3' match by type and connections), got {value}"
            ).format(value=_show(summary.exact_names))
        )
    version = summary.keras_version
    if version is not None and not (isinstance(version, str) and _VERSION.fullmatch(version)):
        raise SummaryDataError(
            _(
                "keras_version must be a version string such as '2.2.4', or None, got {value}"
            ).format(value=_show(version))
        )
    return summary


def _sequence(value: Any) -> Any:
    # JSON has lists where the Summary holds tuples; only the outer list is
    # converted, so anything nested stays visible to ``validate``.
    return tuple(value) if isinstance(value, list) else value


def summary_from_dict(data: Mapping[str, Any]) -> Summary:
    """Builds and validates a ``Summary`` from plain data, e.g. parsed JSON.

    Args:
        data: ``rows`` (each with ``name``, ``type``, ``output_shape``,
            ``params`` and optionally ``connected_to``), ``total``,
            ``trainable``, ``non_trainable`` and ``source``; optionally
            ``printed``, ``keras_version`` and ``exact_names`` (``Summary``'s
            defaults where left out). Lists are accepted where tuples are meant.

    Returns:
        The summary, validated.

    Raises:
        SummaryDataError: naming the row and field of anything else.
    """
    if not isinstance(data, Mapping):
        if isinstance(data, str):
            message = _(
                "the summary must be a mapping of fields such as parsed JSON, got {value} "
                "(parse the JSON text first, e.g. with json.loads)"
            )
        else:
            message = _("the summary must be a mapping of fields such as parsed JSON, got {value}")
        raise SummaryDataError(message.format(value=_show(data)))
    _check_fields(data, _SUMMARY_FIELDS, _SUMMARY_OPTIONAL, _("the summary"))
    if not isinstance(data["rows"], (list, tuple)):
        raise SummaryDataError(
            _("rows must be a list of rows, each a mapping of fields, got {value}").format(
                value=_show(data["rows"])
            )
        )
    rows = []
    for index, raw in enumerate(data["rows"]):
        if not isinstance(raw, Mapping):
            raise SummaryDataError(
                _("{where}: expected a mapping of fields, got {value}").format(
                    where=_("row {number}").format(number=index + 1), value=_show(raw)
                )
            )
        _check_fields(raw, _ROW_FIELDS, _ROW_OPTIONAL, _where(index, raw))
        rows.append(
            Row(
                name=raw["name"],
                type=raw["type"],
                output_shape=_sequence(raw["output_shape"]),
                params=raw["params"],
                connected_to=_sequence(raw.get("connected_to")),
            )
        )
    fields = {name: data[name] for name in (*_SUMMARY_FIELDS, *_SUMMARY_OPTIONAL) if name in data}
    return validate(Summary(**{**fields, "rows": tuple(rows)}))
