"""Training speed: each recipe's compile defaults against plain Keras, side by side.

For every recipe that trains on digits (the variants of those that cannot, the
line for the Sequential model), four copies of the same model are timed:

- ``recipe``: as the builder compiles it (``steps_per_execution=8``, no XLA);
- ``keras``: recompiled with plain Keras' defaults;
- ``spe8``: plain Keras with ``steps_per_execution=8``;
- ``xla``: plain Keras with ``jit_compile=True``.

Each recipe is measured in a process of its own. Each copy is warmed up first
(tracing and XLA compilation are not timed, but shown apart as start-up), then
the copies take turns, round after round, so that a busy machine slows them
alike; the figure is each copy's best round, in training samples per second
(the machine is shared: a slower round measures the neighbours). Ratios above 1
mean the recipe's defaults are faster; ``recipe`` and ``spe8`` compile alike,
so their ratio shows the noise of the measurement.

Run: ``.venv/bin/python benchmarks/bench_training.py [--rounds N] [--seconds S] [NAME ...]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from typing import Any

import numpy as np

# keras_recipes first: it quiets TensorFlow's start-up before loading it.
from keras_recipes import RECIPES, data, get_recipe
from keras_recipes._keras import keras
from keras_recipes.registry import IMAGES, title
from keras_recipes.train import BATCH_SIZE, is_line_model

PLAIN = {
    "keras": {},
    "spe8": {"steps_per_execution": 8},
    "xla": {"jit_compile": True},
}


def cases(names: list[str]) -> list[tuple[str, Any, dict[str, Any]]]:
    """(label, recipe, builder kwargs) for every recipe, or its variant where it cannot train.

    The label is ``train``'s: ``cnn flatten=True``. The CNN as printed cannot
    be fitted, so its corrected variant is timed instead.
    """
    found = []
    for name in names:
        recipe = get_recipe(name)
        config = recipe.trainable_configuration()
        if config is not None:
            found.append((title(recipe.name, config.kwargs), recipe, dict(config.kwargs)))
    return found


def plain_metrics(model: keras.Model) -> Any:
    # The same metrics the builder chose, so only the compile settings differ.
    if isinstance(model.loss, dict):
        return {k: ["accuracy"] if "crossentropy" in v else [] for k, v in model.loss.items()}
    return ["accuracy"] if "crossentropy" in str(model.loss) else []


def models(recipe: Any, kwargs: dict[str, Any]) -> dict[str, keras.Model]:
    made = {"recipe": recipe.build(**kwargs)}
    for setting, compile_kwargs in PLAIN.items():
        model = recipe.build(**kwargs)
        model.compile(
            optimizer="adam", loss=model.loss, metrics=plain_metrics(model), **compile_kwargs
        )
        made[setting] = model
    return made


def arrays(model: keras.Model, digits: data.Digits, fits: str) -> tuple[Any, Any]:
    """What ``train`` fits the model on: the line, or digits with their labels, or (an
    autoencoder, ``fits`` is ``IMAGES``) with themselves as targets."""
    ins, outs = data.specs_of(model)
    if is_line_model(ins, outs):
        line = data.load_line().train
        return line.images, line.labels
    return data.arrays_for(ins, outs, digits.train, rebuilds=fits == IMAGES)


def repeat(arrays_: Any, count: int) -> Any:
    """The first ``count`` samples, cycling through the data as often as needed."""
    if isinstance(arrays_, dict):
        return {k: repeat(v, count) for k, v in arrays_.items()}
    index = np.arange(count) % len(arrays_)
    return arrays_[index]


def fit_seconds(model: keras.Model, x: Any, y: Any, batch: int) -> float:
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
    return time.perf_counter() - start


def measure(recipe: Any, kwargs: dict[str, Any], rounds: int, seconds: float, batch: int) -> dict:
    """Times the four copies of one recipe, side by side; rates in samples/s, start-ups in s."""
    made = models(recipe, kwargs)
    x, y = arrays(made["recipe"], data.load_digits(), recipe.fits)
    # Warm-up: traces (and for XLA compiles) the train step of every copy,
    # and times the plain default to size the timed runs.
    warm = repeat(x, 16 * batch), repeat(y, 16 * batch)
    startup = {setting: fit_seconds(model, *warm, batch) for setting, model in made.items()}
    per_step = fit_seconds(made["keras"], *warm, batch) / 16
    steps = max(8, min(400, 8 * round(seconds / per_step / 8)))
    xs, ys = repeat(x, steps * batch), repeat(y, steps * batch)
    rates: dict[str, list[float]] = {setting: [] for setting in made}
    order = list(made)
    for round_ in range(rounds):
        turn = order[round_ % len(order) :] + order[: round_ % len(order)]
        for setting in turn:
            rates[setting].append(steps * batch / fit_seconds(made[setting], xs, ys, batch))
    return {
        "steps": steps,
        "rate": {setting: max(values) for setting, values in rates.items()},
        "startup": startup,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="recipes; default: all")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="aimed time of one timing")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        args.names = [get_recipe(name).name for name in args.names]
    except ValueError as error:  # the message suggests close names
        parser.error(str(error))
    batch = args.batch_size
    if args.child:  # one recipe, measured for the parent below
        [(_, recipe, kwargs)] = cases(args.names)
        print(json.dumps(measure(recipe, kwargs, args.rounds, args.seconds, batch)))
        return

    print(
        f"training speed in samples/s, batch {batch}, best of {args.rounds} interleaved "
        f"rounds, warm-up excluded; {os.cpu_count()} CPU cores, Keras {keras.__version__}"
    )
    print(
        f"{'recipe':<28}{'steps':>6}"
        + "".join(f"{s:>8}" for s in ("recipe", *PLAIN))
        + "".join(f"{'/' + s:>9}" for s in PLAIN)
        + f"{'/best':>9}"
    )
    worst: list[tuple[float, str]] = []
    startups: list[str] = []
    for label, recipe, _ in cases(args.names or list(RECIPES)):
        # Each recipe in a fresh process: what one recipe leaves behind in
        # TensorFlow (graphs, memory) must not slow the copies of the next.
        child = [sys.executable, __file__, "--child", recipe.name]
        child += ["--rounds", str(args.rounds), "--seconds", str(args.seconds)]
        child += ["--batch-size", str(batch)]
        done = subprocess.run(child, capture_output=True, text=True, check=True)
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        rate, startup = measured["rate"], measured["startup"]
        best_plain = max(PLAIN, key=lambda s: rate[s])
        ratios = [rate["recipe"] / rate[s] for s in PLAIN]
        best_ratio = rate["recipe"] / rate[best_plain]
        worst.append((best_ratio, label))
        print(
            f"{label:<28}{measured['steps']:>6}"
            + "".join(f"{rate[s]:>8,.0f}" for s in ("recipe", *PLAIN))
            + "".join(f"{r:>8.2f}x" for r in ratios)
            + f"{best_ratio:>8.2f}x  (best plain: {best_plain})",
            flush=True,
        )
        startups.append(f"{label:<34}" + "".join(f"{startup[s]:>8.2f}" for s in startup))
    print()
    print("start-up in seconds: the first fit of 16 steps, tracing and XLA compilation included")
    print(f"{'recipe':<34}" + "".join(f"{s:>8}" for s in ("recipe", *PLAIN)))
    print("\n".join(startups))
    print()
    geometric = math.exp(statistics.fmean(math.log(r) for r, _ in worst))
    lowest = min(worst)
    print(
        f"recipe defaults vs the best plain Keras setting: geometric mean {geometric:.2f}x, "
        f"lowest {lowest[0]:.2f}x ({lowest[1]})"
    )


if __name__ == "__main__":
    main()
