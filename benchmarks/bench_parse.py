"""Times ``parse_summary`` on a 1,000-row summary in each layout Keras prints, against a budget.

Run it from the repository root: ``.venv/bin/python benchmarks/bench_parse.py`` (``make bench``
runs every ``benchmarks/bench_*.py``). Each text is built here: Keras 2's old table (``____``
between rows, cut cells), tf.keras 2.13's (blank lines between rows, wrapped cells, connections
as lists) and Keras 3's box table (wrapped and cut cells). Prints the best of five runs of each.
Exits 1 when one is over budget.
"""

from __future__ import annotations

import sys
import time

from keras_recipes import parse_summary

ROWS = 1000
BUDGET_S = 0.050  # the issue's: 50 ms for 1,000 rows


def keras2_old() -> str:
    rows = [
        f"{f'batch_normalization_{i} (BatchNormalization)'[:32]:<33}(None, 28, 28, 64)    256"
        f"         {f'conv_{i}[0][0]':<32}\n{'_' * 98}"
        for i in range(ROWS)
    ]
    header = f"{'Layer (type)':<33}{'Output Shape':<22}{'Param #':<12}Connected to"
    total = (
        f"Total params: {256 * ROWS:,}\nTrainable params: {256 * ROWS:,}\nNon-trainable params: 0"
    )
    return "\n".join([f"{'_' * 98}", header, "=" * 98, *rows[:-1], rows[-1][:-99], "=" * 98, total])


def keras2_wrapped() -> str:
    rows = []
    for i in range(ROWS):
        name = f"block_{i}_project_bn (BatchNormalization)"
        rows += [
            f" {name[:30]:<31}(None, None, None,   256         ['block_{i}_conv[0][0]']",
            f" {name[30:]:<31}64)",
            "",
        ]
    header = f" {'Layer (type)':<31}{'Output Shape':<21}{'Param #':<12}Connected to"
    total = f"Total params: {256 * ROWS:,} (1.00 MB)\nTrainable params: {256 * ROWS:,} (1.00 MB)\n"
    total += "Non-trainable params: 0 (0.00 Byte)"
    return "\n".join(["_" * 98, header, "=" * 98, *rows, "=" * 98, total, "_" * 98])


def keras3() -> str:
    widths = (19, 17, 10, 17)

    def line(left: str, fill: str, middle: str, right: str, *cells: str) -> str:
        texts = cells or ("",) * len(widths)
        spaced = [
            f" {t:<{w}} " if cells else fill * (w + 2) for t, w in zip(texts, widths, strict=True)
        ]
        return left + middle.join(spaced) + right

    rows = []
    for i in range(ROWS):
        name = f"positional_emb_{i}"[:18] + "…"
        rows.append(line("│", "", "│", "│", name, "(None, None,", " 3,845,120", "inputs[0][0],"))
        rows.append(line("│", "", "│", "│", "(PositionalEmbeddi…", "256)", "", f"mask_{i}[0][0]"))
        rows.append(line("├", "─", "┼", "┤"))
    rows[-1] = line("└", "─", "┴", "┘")
    header = line("┃", "", "┃", "┃", "Layer (type)", "Output Shape", "   Param #", "Connected to")
    total = f"{3845120 * ROWS:,} (14.67 GB)"
    return "\n".join(
        [
            'Model: "big"',
            line("┏", "━", "┳", "┓"),
            header,
            line("┡", "━", "╇", "┩"),
            *rows,
            f" Total params: {total}\n Trainable params: {total}",
            " Non-trainable params: 0 (0.00 B)",
        ]
    )


def main() -> int:
    missed = False
    for name, build in (
        ("keras 2, cut cells", keras2_old),
        ("tf.keras 2.13, wrapped", keras2_wrapped),
        ("keras 3, box table", keras3),
    ):
        text = build()
        rows = len(parse_summary(text).rows)
        best = min(_timed(text) for _ in range(5))
        missed |= best > BUDGET_S or rows != ROWS
        print(
            f"{name:<24} {rows:5,} rows {len(text):9,} characters {best * 1000:7.1f} ms"
            f" (budget {BUDGET_S * 1000:.0f} ms)"
        )
    print("within budget" if not missed else "OVER BUDGET")
    return 1 if missed else 0


def _timed(text: str) -> float:
    start = time.perf_counter()
    parse_summary(text)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
