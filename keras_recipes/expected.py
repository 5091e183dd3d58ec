"""Checks an expected summary before a model is compared with it.

A teacher may write a summary of their own (as ``Summary`` objects, or as a
dict such as one loaded from JSON); a typo there must read as a typo in the
data, naming the row, not as a puzzling mismatch with the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from keras_recipes.article import Row, Summary

_ROW_FIELDS = ("name", "type", "output_shape", "params")
_SUMMARY_FIELDS = ("rows", "total", "trainable", "non_trainable", "source")


class SummaryDataError(ValueError):
    """An expected summary that cannot be right whatever the model is."""


def _where(index: int, row: Row | Mapping[str, Any]) -> str:
    name = row.name if isinstance(row, Row) else row.get("name")
    return f"row {index + 1} ({name!r})" if name else f"row {index + 1}"


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_row(index: int, row: Row) -> None:
    where = _where(index, row)
    if not isinstance(row.name, str) or not row.name:
        raise SummaryDataError(f"{where}: name must be a non-empty string, got {row.name!r}")
    if not isinstance(row.type, str) or not row.type:
        raise SummaryDataError(f"{where}: type must be a layer class name, got {row.type!r}")
    shape = row.output_shape
    if not isinstance(shape, tuple) or not all(
        d is None or (_is_count(d) and d > 0) for d in shape
    ):
        raise SummaryDataError(
            f"{where}: output_shape must be a tuple like (None, 28, 28, 1), got {shape!r}"
        )
    if not _is_count(row.params):
        raise SummaryDataError(f"{where}: params must be a whole number >= 0, got {row.params!r}")
    if row.connected_to is not None and not (
        isinstance(row.connected_to, tuple) and all(isinstance(c, str) for c in row.connected_to)
    ):
        raise SummaryDataError(
            f"{where}: connected_to must be a tuple of layer names or None, "
            f"got {row.connected_to!r}"
        )


def validate(summary: Summary) -> Summary:
    """Returns ``summary`` if it is consistent; else raises ``SummaryDataError`` naming the row.

    Checks every field's type, that no two rows share a name, that every
    connection names a row of the same summary, and that the totals agree
    with the rows.
    """
    if not summary.rows:
        raise SummaryDataError("the summary has no rows")
    seen: dict[str, int] = {}
    for index, row in enumerate(summary.rows):
        _check_row(index, row)
        if row.name in seen:
            raise SummaryDataError(
                f"{_where(index, row)}: duplicate of row {seen[row.name] + 1}; "
                "each layer name may appear once"
            )
        seen[row.name] = index
    for index, row in enumerate(summary.rows):
        for source in row.connected_to or ():
            if source not in seen:
                raise SummaryDataError(
                    f"{_where(index, row)}: connected to {source!r}, which is not a row "
                    f"of this summary (rows: {', '.join(seen)})"
                )
    for label in ("total", "trainable", "non_trainable"):
        if not _is_count(getattr(summary, label)):
            raise SummaryDataError(
                f"{label} must be a whole number >= 0, got {getattr(summary, label)!r}"
            )
    added = sum(row.params for row in summary.rows)
    if summary.total != added:
        raise SummaryDataError(
            f"total {summary.total:,} disagrees with its rows, whose params add up to {added:,}"
        )
    if summary.trainable + summary.non_trainable != summary.total:
        raise SummaryDataError(
            f"trainable {summary.trainable:,} + non_trainable {summary.non_trainable:,} "
            f"does not make total {summary.total:,}"
        )
    return summary


def summary_from_dict(data: Mapping[str, Any]) -> Summary:
    """Builds and validates a ``Summary`` from plain data, e.g. parsed JSON.

    Expects ``rows`` (each with ``name``, ``type``, ``output_shape``, ``params``
    and optionally ``connected_to``), ``total``, ``trainable``,
    ``non_trainable`` and ``source``; ``printed`` and ``keras_version`` are
    optional. Lists are accepted where tuples are meant.
    """
    missing = [f for f in _SUMMARY_FIELDS if f not in data]
    if missing:
        raise SummaryDataError(f"the summary is missing field(s): {', '.join(missing)}")
    rows = []
    for index, raw in enumerate(data["rows"]):
        if not isinstance(raw, Mapping):
            raise SummaryDataError(f"row {index + 1}: expected a mapping of fields, got {raw!r}")
        absent = [f for f in _ROW_FIELDS if f not in raw]
        if absent:
            raise SummaryDataError(f"{_where(index, raw)}: missing field(s) {', '.join(absent)}")
        unknown = sorted(set(raw) - {*_ROW_FIELDS, "connected_to"})
        if unknown:
            raise SummaryDataError(f"{_where(index, raw)}: unknown field(s) {', '.join(unknown)}")
        shape = raw["output_shape"]
        connected = raw.get("connected_to")
        rows.append(
            Row(
                name=raw["name"],
                type=raw["type"],
                output_shape=tuple(shape) if isinstance(shape, list) else shape,
                params=raw["params"],
                connected_to=tuple(connected) if isinstance(connected, list) else connected,
            )
        )
    return validate(
        Summary(
            rows=tuple(rows),
            total=data["total"],
            trainable=data["trainable"],
            non_trainable=data["non_trainable"],
            source=data["source"],
            printed=data.get("printed", False),
            keras_version=data.get("keras_version"),
        )
    )
