"""Runs every ``benchmarks/bench_*.py`` in turn (what ``make bench`` does).

Each benchmark is a script that prints its figures beside their targets and
exits non-zero when one is missed. New ones are found by their file name.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print(f"no bench_*.py in {HERE}", file=sys.stderr)
        return 1
    missed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"== {script.name}: exit {code} after {time.perf_counter() - start:.0f} s\n")
        if code != 0:
            missed.append(script.name)
    if missed:
        print(f"targets missed in: {', '.join(missed)}", file=sys.stderr)
        return 1
    print(f"all {len(scripts)} benchmark(s) met their targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
