"""Ctrl-C at random moments of training, on a loaded machine: does the command ever crash?

Starts ``keras-recipes train mlp`` again and again under ``python -X faulthandler``,
while two busy loops load both cores, and sends SIGINT at a random moment of its
training: after its first epoch's line, a uniformly random 0 to 2 seconds later.
Each run must end as a user expects: exit status 130, the one line
``keras-recipes: interrupted`` on stderr, and no run folder. A crash (a signal,
as -11 for SIGSEGV) is reported with the stack faulthandler printed.

Target: every run exits 130; no crash.

Usage: python benchmarks/bench_interrupt.py [RUNS]   (default 100)
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
COMMAND = [sys.executable, "-X", "faulthandler", "-m", "keras_recipes", "train", "mlp"]
ARGUMENTS = ["--epochs", "500", "--samples", "64"]
INTERRUPTED = "keras-recipes: interrupted\n"
LATEST_S = 2.0


def _default_sigint() -> None:
    # Started from a shell's background job, Python would ignore Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def one_run(folder: Path, rng: random.Random) -> tuple[int, str, bool]:
    """(exit status, stderr, whether the run folder was left) of one interrupted run."""
    out = folder / "run"
    process = subprocess.Popen(
        [*COMMAND, *ARGUMENTS, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    try:
        assert process.stdout is not None
        while not (line := process.stdout.readline()).startswith("Epoch 1/"):
            if not line:
                break  # ended before training: reported by its status below
        time.sleep(rng.uniform(0, LATEST_S))
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=300)
    finally:
        process.kill()
    return process.returncode, stderr, out.exists()


def main() -> int:
    rng = random.Random(0)
    busy = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(2)]
    outcomes: collections.Counter[str] = collections.Counter()
    crashes = []
    start = time.perf_counter()
    try:
        for number in range(1, RUNS + 1):
            with tempfile.TemporaryDirectory(prefix="bench-interrupt-") as scratch:
                status, stderr, left = one_run(Path(scratch), rng)
            ok = status == 130 and stderr == INTERRUPTED and not left
            outcomes["exit 130, one line, nothing written" if ok else f"exit {status}"] += 1
            if not ok:
                crashes.append((number, status, left, stderr))
            print(f"run {number:3d}: exit {status}{'' if ok else '  <-- see below'}", flush=True)
    finally:
        for loop in busy:
            loop.kill()
            loop.wait()
    minutes = round((time.perf_counter() - start) / 60, 1)
    print(f"\n{RUNS} runs interrupted at random moments of training, 2 busy loops: {minutes} min")
    for outcome, count in outcomes.most_common():
        print(f"  {count:3d}  {outcome}")
    for number, status, left, stderr in crashes:
        print(f"\nrun {number}: exit {status}, run folder left: {left}; stderr:\n{stderr}")
    target_met = not crashes
    print(f"\ntarget: {RUNS}/{RUNS} exit 130 and no crash: {'met' if target_met else 'MISSED'}")
    return 0 if target_met else 1


if __name__ == "__main__":
    if os.name != "posix":
        sys.exit("bench_interrupt.py sends POSIX signals; run it on Linux or macOS")
    sys.exit(main())
