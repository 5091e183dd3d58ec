"""The one table renderer behind check, explain and list."""

from keras_recipes.table import Column, Table, rule


def test_columns_fit_their_widest_line_numbers_to_the_right_and_no_line_ends_in_spaces():
    columns = [Column("Layer"), Column("Params", right=True), Column("Inputs"), Column()]
    rows = [["merge", "0", ["flat1", "flat2"], "ok"], ["hidden1", "397,376", "merge", "ok"]]
    table = Table(columns, rows)
    assert table.heading() == ["Layer     Params  Inputs"]
    assert [text for row in rows for text in table.lines(row)] == [
        "merge          0  flat1   ok",
        "                  flat2",
        "hidden1  397,376  merge   ok",
    ]
    assert rule(table.heading()) == "-" * 24


def test_a_group_label_starts_over_its_column_and_may_run_on_over_the_next():
    columns = [Column("a", group="Output shape"), Column("b", group="Params"), Column("c")]
    table = Table(columns, [["(None, 10)", "1", "2"]])
    assert table.heading() == [
        "Output shape  Params",
        "a           b  c",
    ]
