"""Fitting a recipe on handwritten digits: ``train("mlp")`` and ``keras-recipes train mlp``.

The data comes from ``keras_recipes.data`` and is shaped for the model's own
inputs and outputs, so any recipe, variant or builder argument that still
takes a digit trains without a line of its own here. The one model that takes
no digit, one number in and one out (the article's Sequential model), is fitted
to the line y = 2x + 1 instead, and says so.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from keras_recipes import data
from keras_recipes.registry import Recipe, TensorSpec, get_recipe

if TYPE_CHECKING:
    import keras

BATCH_SIZE = 32
# An epoch of the offline digits is 5 x 1,295 samples (see data.shifted).
EPOCHS = 8
# Reading 784 pixels one per step costs each batch 784 LSTM steps where the
# row-by-row LSTM takes 28: two epochs already take minutes on a CPU.
LONG_SEQUENCE = 100
LONG_SEQUENCE_EPOCHS = 2
DISTRIBUTE = ("mirrored",)
# The learning rate is halved after 2 epochs without a lower validation loss.
PLATEAU_FACTOR = 0.5
PLATEAU_PATIENCE = 2


@dataclass(frozen=True)
class TrainResult:
    """What a training run gave: its settings, history and test scores."""

    label: str  # the recipe, with any builder arguments: "cnn flatten=True"
    source: str  # "digits", "mnist" or "line" (y = 2x + 1)
    epochs: int
    images: int  # distinct training images (points for the line)
    copies: int  # times each is fitted per epoch: 5 with the shifted copies, else 1
    batch_size: int
    replicas: int  # devices the batches were split over
    seconds: float  # time spent in fit, validation included
    history: dict[str, list[float]]  # Keras' History.history: one value per epoch
    test: dict[str, float]  # Model.evaluate on the test split, Keras' metric names
    test_samples: int
    outputs: tuple[str, ...]  # output names, in the model's order
    best_epoch: int  # the epoch whose weights were kept: lowest validation loss
    notes: tuple[str, ...] = ()  # what was said on stderr: fallbacks, substitutions
    learned: str | None = None  # for the line: the function the model learned
    files: tuple[Path, ...] = ()
    model: keras.Model | None = field(default=None, repr=False, compare=False)

    def accuracy(self) -> dict[str, float]:
        """Test accuracy per output name; empty for a regression."""
        if len(self.outputs) == 1:
            found = {self.outputs[0]: self.test.get("accuracy")}
        else:
            found = {name: self.test.get(f"{name}_accuracy") for name in self.outputs}
        return {name: value for name, value in found.items() if value is not None}

    def report(self) -> list[str]:
        """A few lines saying what was trained and how well it does on the test split."""
        replicas = f" over {self.replicas} replicas" if self.replicas > 1 else ""
        copies = f" x{self.copies} (shifted copies)" if self.copies > 1 else ""
        lines = [
            f"{self.label} on {self.source}: {self.images:,} training samples{copies}, "
            f"{self.epochs} epoch{'s' if self.epochs > 1 else ''}, "
            f"batch {self.batch_size}{replicas}, {self.seconds:.1f} s; "
            f"kept the weights of epoch {self.best_epoch} (lowest validation loss)"
        ]
        accuracy = self.accuracy()
        lines += [
            f"test accuracy, {name}: {value:.3f} ({self.test_samples:,} samples)"
            for name, value in accuracy.items()
        ]
        if not accuracy:
            lines.append(f"test loss: {self.test['loss']:.4f} ({self.test_samples:,} samples)")
        if self.learned:
            lines.append(self.learned)
        return lines

    def to_json(self) -> dict[str, Any]:
        """The result without the model, as written to ``history.json``."""
        return {
            "recipe": self.label,
            "source": self.source,
            "epochs": self.epochs,
            "images": self.images,
            "copies": self.copies,
            "batch_size": self.batch_size,
            "replicas": self.replicas,
            "seconds": round(self.seconds, 2),
            "test_samples": self.test_samples,
            "test": self.test,
            "test_accuracy": self.accuracy(),
            "best_epoch": self.best_epoch,
            "notes": list(self.notes),
            "learned": self.learned,
            "history": self.history,
        }


def train(
    name: str,
    *,
    epochs: int | None = None,
    samples: int | None = None,
    source: str = "digits",
    out_dir: str | os.PathLike[str] | None = None,
    batch_size: int = BATCH_SIZE,
    seed: int = 0,
    distribute: str | None = None,
    shift: bool | None = None,
    verbose: int | str = "auto",
    **builder_kwargs: Any,
) -> TrainResult:
    """Builds recipe ``name``, fits it on digits and scores it on the test split.

    The model is built with the recipe's builder and ``builder_kwargs`` (for
    example ``flatten=True`` for the corrected CNN, ``input_shape=(28, 28)``
    for an LSTM that reads rows). Its inputs and targets are made from the
    model's own input and output shapes (see ``keras_recipes.data``).

    Args:
        name: a recipe name from ``RECIPES``.
        epochs: passes over the training data; default 8, or 2 when an input
            is a sequence of more than 100 steps (the pixel-by-pixel LSTMs).
        samples: training images to fit on (the first ones of the shuffled
            training split), before any shifted copies; default all of them.
        source: ``"digits"`` (offline) or ``"mnist"`` (see ``data.load``).
        out_dir: where to write ``history.json`` and ``curves.png``; nothing
            is written when None.
        batch_size: samples per gradient step, split over the replicas.
        seed: seed of the weights, the data split and the shuffling.
        distribute: ``"mirrored"`` trains under ``tf.distribute.MirroredStrategy``
            over every GPU, or every logical CPU device when there is no GPU.
        shift: fit each training image also moved one pixel up, down, left and
            right (``data.shifted``); default: for the 1,797 offline digits,
            not for MNIST's 60,000.
        verbose: Keras' progress output: ``"auto"``, 0, 1 (a progress bar) or 2.
        **builder_kwargs: passed to the recipe's builder.

    Returns:
        A ``TrainResult``; ``result.accuracy()`` is the test accuracy per output.

    Raises:
        ValueError: a bad argument, or a model whose outputs no per-image label
            fits (the article's CNN as printed); raised before any fitting.
        data.DataUnavailableError: the digits need scikit-learn, not installed.
    """
    recipe = get_recipe(name)
    if epochs is not None:
        _positive("epochs", epochs)
    if samples is not None:
        _positive("samples", samples)
    _positive("batch_size", batch_size)
    if source not in data.SOURCES:
        raise ValueError(
            f"train(): source={source!r} is not usable: expected one of {', '.join(data.SOURCES)}"
        )
    if distribute is not None and distribute not in DISTRIBUTE:
        raise ValueError(
            f"train(): distribute={distribute!r} is not usable: expected None or "
            f"{', '.join(map(repr, DISTRIBUTE))}"
        )
    _check_builder_kwargs(recipe, builder_kwargs)
    label = describe(recipe, builder_kwargs)

    from keras_recipes._keras import keras

    keras.utils.set_random_seed(seed)
    strategy = _strategy(distribute)
    if strategy is None:
        model = recipe.build(**builder_kwargs)
    else:
        with strategy.scope():
            model = recipe.build(**builder_kwargs)
    ins, outs = data.specs_of(model)
    if epochs is None:
        epochs = default_epochs(ins)

    notes: list[str] = []
    if is_line_model(ins, outs):
        _say(
            notes,
            f"{label} is a linear regression, not a digit classifier: fitted to noisy points "
            f"of y = {data.LINE_SLOPE:g}x + {data.LINE_INTERCEPT:g}",
        )
        prepared = _line_arrays(seed, samples, notes)
    else:
        _check_targets(recipe, builder_kwargs, label, ins, outs)
        prepared = _digit_arrays(source, seed, samples, ins, outs, notes, shift)

    start = time.perf_counter()
    history = model.fit(
        *prepared.train,
        validation_data=prepared.validation,
        epochs=epochs,
        batch_size=batch_size,
        shuffle=True,
        callbacks=_callbacks(epochs),
        verbose=verbose,
    )
    seconds = time.perf_counter() - start
    test = model.evaluate(*prepared.test, batch_size=batch_size, verbose=0, return_dict=True)

    result = TrainResult(
        label=label,
        source=prepared.source,
        epochs=epochs,
        images=prepared.images,
        copies=prepared.copies,
        batch_size=batch_size,
        replicas=strategy.num_replicas_in_sync if strategy is not None else 1,
        seconds=seconds,
        history={key: [float(v) for v in values] for key, values in history.history.items()},
        test={key: float(value) for key, value in test.items()},
        test_samples=_count(prepared.test[0]),
        outputs=tuple(spec.name for spec in outs),
        best_epoch=int(np.argmin(history.history["val_loss"])) + 1,
        notes=tuple(notes),
        learned=_learned_line(model) if prepared.source == "line" else None,
        model=model,
    )
    if out_dir is not None:
        result = _write(result, Path(out_dir))
    return result


# ---------------------------------------------------------------- choices made from shapes


def default_epochs(input_specs: tuple[TensorSpec, ...]) -> int:
    """``EPOCHS``, or ``LONG_SEQUENCE_EPOCHS`` when an input is a sequence of more than
    ``LONG_SEQUENCE`` steps."""
    longest = max((spec.shape[1] or 0 for spec in input_specs if len(spec.shape) == 3), default=0)
    return LONG_SEQUENCE_EPOCHS if longest > LONG_SEQUENCE else EPOCHS


def is_line_model(inputs: tuple[TensorSpec, ...], outputs: tuple[TensorSpec, ...]) -> bool:
    """One number in, one number out: a model no digit can feed."""
    return [s.shape for s in inputs] == [(None, 1)] and [s.shape for s in outputs] == [(None, 1)]


def describe(recipe: Recipe, builder_kwargs: Mapping[str, Any]) -> str:
    """``"cnn"``, or ``"cnn flatten=True"`` with builder arguments."""
    return " ".join([recipe.name, *(f"{k}={_plain(v)}" for k, v in builder_kwargs.items())])


def default_out_dir(recipe: Recipe, builder_kwargs: Mapping[str, Any]) -> Path:
    """``runs/<recipe>``, or ``runs/<recipe>-<argument>=<value>...`` for other arguments."""
    parts = [recipe.name, *(f"{k}={_plain(v)}" for k, v in builder_kwargs.items())]
    slug = "-".join(parts).replace(" ", "").replace(",", "x").replace("(", "").replace(")", "")
    return Path("runs") / slug


def _plain(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return ",".join(str(v) for v in value)
    return str(value)


# ---------------------------------------------------------------- checks


def _positive(argument: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(
            f"train(): {argument}={value!r} is not usable: expected a whole number of at least 1"
        )


def _check_builder_kwargs(recipe: Recipe, builder_kwargs: Mapping[str, Any]) -> None:
    accepted = list(inspect.signature(recipe.builder).parameters)
    unknown = [key for key in builder_kwargs if key not in accepted]
    if unknown:
        raise ValueError(
            f"train(): {recipe.builder_name}() has no argument {unknown[0]!r}; "
            f"its arguments: {', '.join(accepted)}"
        )


def _check_targets(
    recipe: Recipe,
    builder_kwargs: Mapping[str, Any],
    label: str,
    ins: tuple[TensorSpec, ...],
    outs: tuple[TensorSpec, ...],
) -> None:
    # Checked on the shapes alone, before any data is loaded, so the message
    # comes before Keras' own shape error would, and at once.
    try:
        data.targets_for(np.zeros(0, dtype=np.int32), outs, ins)
    except data.TargetShapeError as error:
        shape = data.shape_text(error.spec.shape)
        cells = "x".join(str(d) for d in error.spec.shape[1:-1])
        what = label if builder_kwargs else f"{recipe.name} as printed"
        message = (
            f"{what} outputs {shape}: one prediction per {cells} cell, not per image; "
            f"per-image labels of shape (N,) cannot be fitted"
        )
        fixes = [v for v in recipe.variants if not builder_kwargs.items() >= v.kwargs.items()]
        if fixes:
            v = fixes[0]
            call = ", ".join(f"{k}={val!r}" for k, val in v.kwargs.items())
            message += (
                f" -- train the variant {v.label} ({v.why}): "
                f"train({recipe.name!r}, {call}) or "
                f"keras-recipes train {recipe.name} --variant {v.label}"
            )
        raise OutputShapeError(message) from None


class OutputShapeError(ValueError):
    """A model whose outputs no per-image label can train (the article's CNN as printed)."""


def _callbacks(epochs: int) -> list[Any]:
    from keras_recipes._keras import keras

    return [
        # With a few thousand images, Adam's default step makes the last epochs
        # jump around: a smaller step once validation stops improving settles them.
        keras.callbacks.ReduceLROnPlateau(
            monitor="val_loss", factor=PLATEAU_FACTOR, patience=PLATEAU_PATIENCE, min_lr=1e-5
        ),
        # Never stops early (patience = every epoch); at the end it puts back the
        # weights of the epoch with the lowest validation loss.
        keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=epochs, restore_best_weights=True
        ),
    ]


# ---------------------------------------------------------------- data


Arrays = tuple[Any, Any]  # (x, y) as model.fit takes them


@dataclass(frozen=True)
class _Prepared:
    train: Arrays
    validation: Arrays
    test: Arrays
    source: str  # where the data really came from
    images: int  # distinct training samples
    copies: int  # each fitted this many times per epoch


def _digit_arrays(
    source: str,
    seed: int,
    samples: int | None,
    ins: tuple[TensorSpec, ...],
    outs: tuple[TensorSpec, ...],
    notes: list[str],
    shift: bool | None,
) -> _Prepared:
    digits = data.load(source, seed=seed)
    if digits.note:  # data.load has said it already
        notes.append(digits.note)
    train_split = _take(digits.train, samples, f"training images of {digits.source}", notes)
    images, copies = len(train_split), 1
    if digits.source == "digits" if shift is None else shift:
        train_split = data.shifted(train_split)
        copies = len(data.SHIFTS)

    def arrays(split: data.Split, salt: int) -> Arrays:
        x = data.inputs_for(ins, split.images, seed=seed + salt)
        return x, data.targets_for(split.labels, outs, ins)

    return _Prepared(
        arrays(train_split, 0),
        arrays(digits.validation, 1),
        arrays(digits.test, 2),
        digits.source,
        images,
        copies,
    )


def _line_arrays(seed: int, samples: int | None, notes: list[str]) -> _Prepared:
    train_line, validation, test = data.load_line(seed=seed)
    train_line = _take(train_line, samples, "points of the line", notes)
    return _Prepared(
        (train_line.x, train_line.y),
        (validation.x, validation.y),
        (test.x, test.y),
        "line",
        len(train_line),
        1,
    )


def _take(split: Any, samples: int | None, what: str, notes: list[str]) -> Any:
    """The first ``samples`` of ``split`` (a ``data.Split`` or ``data.Line``), or all of it."""
    if samples is None:
        return split
    if samples > len(split):
        _say(
            notes,
            f"samples={samples:,} is more than the {len(split):,} {what}: fitting all of them",
        )
    return split.take(samples)


def _learned_line(model: keras.Model) -> str:
    # The model is linear, so two points give its whole function.
    at = model.predict(np.array([[0.0], [1.0]], dtype=np.float32), verbose=0).ravel()
    return (
        f"learned y = {at[1] - at[0]:.3f}x + {at[0]:.3f} "
        f"(true: y = {data.LINE_SLOPE:g}x + {data.LINE_INTERCEPT:g})"
    )


def _say(notes: list[str], note: str) -> None:
    print(f"keras-recipes: {note}", file=sys.stderr)
    notes.append(note)


def _count(x: Any) -> int:
    return len(next(iter(x.values()))) if isinstance(x, dict) else len(x)


# ---------------------------------------------------------------- distribution


def _strategy(distribute: str | None) -> Any:
    if distribute is None:
        return None
    from keras_recipes._keras import tf

    gpus = tf.config.list_logical_devices("GPU")
    if gpus:
        return tf.distribute.MirroredStrategy()
    # Without a GPU MirroredStrategy would take CPU:0 alone; the logical CPU
    # devices (set up before TensorFlow starts) are the replicas, and NCCL,
    # its default all-reduce, is GPU-only.
    cpus = [device.name for device in tf.config.list_logical_devices("CPU")]
    return tf.distribute.MirroredStrategy(
        devices=cpus, cross_device_ops=tf.distribute.ReductionToOneDevice()
    )


# ---------------------------------------------------------------- files


def _write(result: TrainResult, out_dir: Path) -> TrainResult:
    from keras_recipes import curves

    out_dir.mkdir(parents=True, exist_ok=True)
    history_path, curves_path = out_dir / "history.json", out_dir / "curves.png"
    write_atomically(
        history_path, lambda f: f.write(json.dumps(result.to_json(), indent=2).encode() + b"\n")
    )
    figure = curves.plot(result.history, title=f"{result.label} on {result.source}")
    write_atomically(curves_path, lambda f: figure.savefig(f, format="png", dpi=100))
    curves.close(figure)
    return dataclasses.replace(result, files=(history_path, curves_path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[Any], Any]) -> None:
    """Writes ``path`` through a temporary file beside it, renamed into place when complete.

    An interrupted run leaves the previous file, or none, never half of one.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as f:
            write(f)
        # mkstemp makes the file private (0600); give it the mode open() would.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
