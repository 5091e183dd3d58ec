"""Expected summaries are checked before use, and the shipped article data passes."""

import dataclasses

import pytest

from keras_recipes import RECIPES, SummaryDataError, check, summary_from_dict
from keras_recipes.article import SHARED_INPUT, Row
from keras_recipes.expected import validate


def _every_shipped_summary():
    for recipe in RECIPES.values():
        yield recipe.name, recipe.expected
        for variant in recipe.variants:
            yield f"{recipe.name} {variant.label}", variant.expected


@pytest.mark.parametrize(("label", "summary"), list(_every_shipped_summary()))
def test_shipped_article_data_is_consistent(label, summary):
    assert validate(summary) is summary


def _with_rows(*rows, **changes):
    return dataclasses.replace(SHARED_INPUT, rows=tuple(rows), **changes)


def test_duplicate_row_names_the_row():
    rows = list(SHARED_INPUT.rows)
    rows[4] = dataclasses.replace(rows[4], name="pool1")
    with pytest.raises(SummaryDataError, match=r"row 5 \('pool1'\): duplicate of row 4"):
        validate(_with_rows(*rows))


def test_connection_to_unknown_layer_names_the_row():
    rows = list(SHARED_INPUT.rows)
    rows[8] = dataclasses.replace(rows[8], connected_to=("concatenate_55",))
    with pytest.raises(
        SummaryDataError,
        match=r"row 9 \('hidden1'\): connected to 'concatenate_55', which is not a row",
    ):
        validate(_with_rows(*rows))


def test_total_that_disagrees_with_rows():
    with pytest.raises(SummaryDataError, match=r"total 399,611 disagrees with its rows.*399,610"):
        validate(dataclasses.replace(SHARED_INPUT, total=399_611, trainable=399_611))


def test_trainable_split_must_add_up():
    with pytest.raises(SummaryDataError, match="does not make total 399,610"):
        validate(dataclasses.replace(SHARED_INPUT, trainable=399_000))


def test_bad_field_value_names_the_row():
    bad = Row("output", "Dense", (None, 10), -650)
    with pytest.raises(SummaryDataError, match=r"row 1 \('output'\): params .* got -650"):
        validate(_with_rows(bad, total=-650, trainable=-650))


def test_checker_refuses_inconsistent_data_before_comparing(built):
    with pytest.raises(SummaryDataError, match="disagrees with its rows"):
        check(built["shared-input"], dataclasses.replace(SHARED_INPUT, total=1))


def _as_dict(summary):
    return {
        "rows": [dataclasses.asdict(r) for r in summary.rows],
        "total": summary.total,
        "trainable": summary.trainable,
        "non_trainable": summary.non_trainable,
        "source": summary.source,
    }


def test_summary_from_plain_data_round_trips(built):
    summary = summary_from_dict(_as_dict(SHARED_INPUT))
    assert summary.rows == SHARED_INPUT.rows
    assert check(built["shared-input"], summary).ok


def test_missing_field_names_the_row():
    data = _as_dict(SHARED_INPUT)
    del data["rows"][2]["params"]
    with pytest.raises(SummaryDataError, match=r"row 3 \('conv2'\): missing field\(s\) params"):
        summary_from_dict(data)


def test_missing_total_is_named():
    data = _as_dict(SHARED_INPUT)
    del data["total"]
    with pytest.raises(SummaryDataError, match=r"missing field.*total"):
        summary_from_dict(data)
