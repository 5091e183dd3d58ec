"""Times executing every notebook, one kernel each, against the 120 s budget.

Run it from the repository root: ``.venv/bin/python benchmarks/bench_notebooks.py``
(``make bench`` runs every ``benchmarks/bench_*.py``). Diagrams go to a
temporary folder. Exits 1 when the total is over budget.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # the notebook runner the tests use
from notebook_runner import DIAGRAMS_ENV, execute_notebook, find_notebooks  # noqa: E402

BUDGET_S = 120.0  # all notebooks together, on a 2-core machine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of the whole set; best kept")
    args = parser.parse_args(argv)
    notebooks = find_notebooks(ROOT / "notebooks")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{len(notebooks)} notebooks, {cores} cores usable, best of {args.repeat} run(s)")
    best: dict[str, float] = {}
    totals = []
    for _ in range(args.repeat):
        total = 0.0
        with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as diagrams:
            for path in notebooks:
                start = time.perf_counter()
                execute_notebook(path, env={DIAGRAMS_ENV: diagrams})
                seconds = time.perf_counter() - start
                best[path.name] = min(seconds, best.get(path.name, seconds))
                total += seconds
        totals.append(total)
    for name, seconds in best.items():
        print(f"  {name:<40} {seconds:6.1f} s")
    total = min(totals)
    verdict = "within budget" if total <= BUDGET_S else "OVER BUDGET"
    print(f"all notebooks: {total:.1f} s (budget {BUDGET_S:.0f} s): {verdict}")
    return 0 if total <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
