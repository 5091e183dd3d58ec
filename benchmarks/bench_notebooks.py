"""Times executing every notebook of both editions, one kernel each, against the budget.

Run it from the repository root: ``.venv/bin/python benchmarks/bench_notebooks.py``
(``make bench`` runs every ``benchmarks/bench_*.py``). Each edition's kernel runs
under its own locale, as in the tests. Diagrams go to a temporary folder. Exits 1
when the total is over budget.
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
from notebook_runner import DIAGRAMS_ENV, execute_notebook, find_editions  # noqa: E402

# Every notebook of both editions together, on a 2-core machine: twice the 120 s
# that one edition was given, since the code, and so the work, is the same in both.
BUDGET_S = 240.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of the whole set; best kept")
    args = parser.parse_args(argv)
    notebooks = [path for paths in find_editions(ROOT / "notebooks").values() for path in paths]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{len(notebooks)} notebooks, {cores} cores usable, best of {args.repeat} run(s)")
    best: dict[Path, float] = {}
    totals = []
    for _ in range(args.repeat):
        total = 0.0
        with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as diagrams:
            for path in notebooks:
                start = time.perf_counter()
                execute_notebook(path, env={DIAGRAMS_ENV: diagrams})
                seconds = time.perf_counter() - start
                best[path] = min(seconds, best.get(path, seconds))
                total += seconds
        totals.append(total)
    editions: dict[str, float] = {}
    for path, seconds in best.items():
        name = f"{path.parent.name}/{path.name}"
        print(f"  {name:<46} {seconds:6.1f} s")
        editions[path.parent.name] = editions.get(path.parent.name, 0.0) + seconds
    for edition, seconds in editions.items():
        print(f"  {edition + ' edition':<46} {seconds:6.1f} s")
    total = min(totals)
    verdict = "within budget" if total <= BUDGET_S else "OVER BUDGET"
    print(f"all notebooks: {total:.1f} s (budget {BUDGET_S:.0f} s): {verdict}")
    return 0 if total <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
