"""How long the keras-recipes command takes, beside importing TensorFlow.

Every command runs as a fresh process, as a user starts it. The three
TensorFlow-sized commands run in the same rounds, one after another in a
rotating order, so that a busy machine slows all of them alike; the medians
are compared as ratios to ``python -c "import tensorflow"``.

Targets:
- ``keras-recipes --help`` and ``keras-recipes list`` under 0.2 s wall each (``python -c
  pass`` is printed beside them: what any Python command costs to start);
- ``keras-recipes verify`` (every recipe and variant) at most 1.15x the import.
The plain script that only builds and compiles every recipe is printed for
scale: it is what verify costs before any checking. The package imports
TensorFlow with the garbage collector paused and frozen afterwards (see
keras_recipes/_keras.py); a bare ``import tensorflow`` pays the collector's
repeated walks over TensorFlow's objects.

Usage: python benchmarks/bench_cli.py [ROUNDS]   (default 5)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
# The installed command where there is one, as a user runs it.
COMMAND = (
    [str(BIN / "keras-recipes")]
    if (BIN / "keras-recipes").exists()
    else [sys.executable, "-m", "keras_recipes"]
)
BUILD_ALL = (
    "from keras_recipes import RECIPES\nfor recipe in RECIPES.values():\n    recipe.build()\n"
)

LIGHT = {
    'python -c "pass"': [sys.executable, "-c", "pass"],
    "keras-recipes --help": [*COMMAND, "--help"],
    "keras-recipes list": [*COMMAND, "list"],
}
HEAVY = {
    'python -c "import tensorflow"': [sys.executable, "-c", "import tensorflow"],
    "plain script: build + compile every recipe": [sys.executable, "-c", BUILD_ALL],
    "keras-recipes verify (all recipes, variants)": [*COMMAND, "verify"],
}
LIGHT_LIMIT_S = 0.2
# As a user's installed package runs: from its compiled bytecode, which some shells (this
# workplace's among them) keep Python from writing.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
VERIFY_LIMIT = 1.15


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    took = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stderr.decode()[-500:]
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {tail}")
    return took


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    times: dict[str, list[float]] = {label: [] for label in [*LIGHT, *HEAVY]}
    for argv in [*LIGHT.values(), *HEAVY.values()]:
        wall(argv)  # warm-up, untimed: loads the files into the page cache
    heavy = list(HEAVY.items())
    for r in range(rounds):
        for label, argv in LIGHT.items():
            times[label].append(wall(argv))
        for label, argv in heavy[r % len(heavy) :] + heavy[: r % len(heavy)]:
            times[label].append(wall(argv))
    median = {label: statistics.median(values) for label, values in times.items()}
    unit = median['python -c "import tensorflow"']

    print(f"{rounds} interleaved rounds; median wall time of each command as a fresh process")
    width = max(len(label) for label in times) + 2
    ok = True
    for label in LIGHT:
        if not label.startswith("keras-recipes"):
            print(f"  {label:<{width}} {median[label]:6.3f} s")
            continue
        met = median[label] < LIGHT_LIMIT_S
        ok &= met
        print(
            f"  {label:<{width}} {median[label]:6.3f} s                  "
            f"target < {LIGHT_LIMIT_S} s    {'met' if met else 'MISSED'}"
        )
    for label in HEAVY:
        ratio = median[label] / unit
        line = f"  {label:<{width}} {median[label]:6.3f} s   {ratio:5.2f}x import"
        if label.startswith("keras-recipes verify"):
            met = ratio <= VERIFY_LIMIT
            ok &= met
            line += f"   target <= {VERIFY_LIMIT:.2f}x   {'met' if met else 'MISSED'}"
        print(line)
    print(
        "  (the package imports TensorFlow with the garbage collector paused;"
        " the bare import does not)"
    )
    print("  every round, in seconds:")
    for label, values in times.items():
        print(f"    {label:<{width}} " + " ".join(f"{v:.2f}" for v in values))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
