"""Fitting a recipe on handwritten digits: ``train("mlp")`` and ``keras-recipes train mlp``.

The data comes from ``keras_recipes.data`` and is shaped for the model's own
inputs and outputs, so any recipe, variant or builder argument that still
takes a digit trains without a line of its own here. Each output learns the
digit's label, or, for a recipe that rebuilds its input (the guide's
autoencoder, ``Recipe.fits``), the digit itself. The one model that takes
no digit, one number in and one out (the article's Sequential model), is fitted
to the line y = 2x + 1 instead, and says so.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from keras_recipes import _memory, data, files, registry
from keras_recipes._build import NOT_POSITIVE, whole_number
from keras_recipes.arithmetic import byte_size
from keras_recipes.i18n import _, ngettext, shown
from keras_recipes.registry import IMAGES, Recipe, TensorSpec, get_recipe

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
VERBOSE = ("auto", 0, 1, 2)


@dataclass(frozen=True, kw_only=True)
class TrainResult:
    """What a training run gave: its settings, history and test scores.

    The fields up to ``history`` are what ``history.json`` holds (``to_json``).
    """

    label: str  # the recipe, with any builder arguments: "cnn flatten=True"
    source: str  # "digits", "mnist" or "line" (y = 2x + 1)
    epochs: int
    images: int  # distinct training images (points for the line)
    copies: int  # times each is fitted per epoch: 5 with the shifted copies, else 1
    batch_size: int
    replicas: int  # devices the batches were split over
    seconds: float  # time spent in fit, validation included
    test_samples: int
    test: dict[str, float]  # Model.evaluate on the test split, Keras' metric names
    best_epoch: int  # the epoch whose weights were kept: lowest validation loss
    notes: tuple[str, ...] = ()  # what was said on stderr: fallbacks, substitutions
    learned: str | None = None  # for the line: the function the model learned
    history: dict[str, list[float]]  # Keras' History.history: one value per epoch
    outputs: tuple[str, ...]  # output names, in the model's order
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
        replicas = copies = ""
        if self.replicas > 1:
            replicas = " " + _("over {count} replicas").format(count=self.replicas)
        if self.copies > 1:
            copies = " " + _("x{count} (shifted copies)").format(count=self.copies)
        first = ngettext(
            "{label} on {source}: {samples} training samples{copies}, {epochs} epoch, "
            "batch {batch}{replicas}, {seconds} s; "
            "kept the weights of epoch {best} (lowest validation loss)",
            "{label} on {source}: {samples} training samples{copies}, {epochs} epochs, "
            "batch {batch}{replicas}, {seconds} s; "
            "kept the weights of epoch {best} (lowest validation loss)",
            self.epochs,
        )
        lines = [
            first.format(
                label=self.label,
                source=self.source,
                samples=f"{self.images:,}",
                copies=copies,
                epochs=self.epochs,
                batch=self.batch_size,
                replicas=replicas,
                seconds=f"{self.seconds:.1f}",
                best=self.best_epoch,
            )
        ]
        accuracy = self.accuracy()
        tested = f"{self.test_samples:,}"
        lines += [
            _("test accuracy, {output}: {value} ({count} samples)").format(
                output=name, value=f"{value:.3f}", count=tested
            )
            for name, value in accuracy.items()
        ]
        if not accuracy:
            lines.append(
                _("test loss: {value} ({count} samples)").format(
                    value=f"{self.test['loss']:.4f}", count=tested
                )
            )
        if self.learned:
            lines.append(self.learned)
        return lines

    def to_json(self) -> dict[str, Any]:
        """The result as written to ``history.json``: the fields up to ``history``, the
        label under the key ``recipe``, and the test accuracy per output before the history."""
        saved = {
            "recipe" if f.name == "label" else f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ("outputs", "files", "model")
        }
        history = saved.pop("history")
        return {
            **saved,
            "seconds": round(self.seconds, 2),
            "test_accuracy": self.accuracy(),
            "history": history,
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
    callbacks: Sequence[keras.callbacks.Callback] = (),
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
        out_dir: where to write ``history.json`` and ``curves.png``, created
            when they are written; nothing is written when None.
        batch_size: samples per gradient step, split over the replicas.
        seed: seed of the weights, the data split and the shuffling.
        distribute: ``"mirrored"`` trains under ``tf.distribute.MirroredStrategy``
            over every GPU, or every logical CPU device when there is no GPU.
        shift: fit each training image also moved one pixel up, down, left and
            right (``data.shifted``); default: for the 1,797 offline digits,
            not for MNIST's 60,000.
        verbose: ``"auto"``: Keras' progress bar on a terminal or in Jupyter,
            else (a log file, a pipe) one plain line per epoch; or Keras' own
            0 (silent), 1 (a progress bar) or 2.
        callbacks: more Keras callbacks for ``fit``.
        **builder_kwargs: passed to the recipe's builder.

    Returns:
        A ``TrainResult``; ``result.accuracy()`` is the test accuracy per output.

    Raises:
        ValueError: a bad argument, a recipe no digit trains (the registry's
            ``Recipe.not_fitted`` says why), an input no digit can be made into,
            data that would not fit in this machine's memory, or a model whose
            outputs no per-image label fits (the article's CNN as printed);
            raised before any data is loaded.
        data.DataUnavailableError: the digits need scikit-learn, not installed.
        KeyboardInterrupt: Ctrl-C, raised at the next batch boundary (see
            ``_Interruption``); nothing is written then.
    """
    recipe = get_recipe(name)
    if recipe.fits is None:
        raise ValueError(
            _("train(): {name} is not fitted on handwritten digits: {why}").format(
                name=recipe.name, why=_(recipe.not_fitted)
            )
        )
    if epochs is not None:
        epochs = _positive("epochs", epochs)
    if samples is not None:
        samples = _positive("samples", samples)
    batch_size = _positive("batch_size", batch_size)
    if source not in data.SOURCES:
        raise ValueError(
            _("train(): source={value} is not usable: expected one of {choices}").format(
                value=shown(source), choices=", ".join(data.SOURCES)
            )
        )
    if distribute is not None and distribute not in DISTRIBUTE:
        raise ValueError(
            _("train(): distribute={value} is not usable: expected None or {choices}").format(
                value=shown(distribute), choices=", ".join(map(repr, DISTRIBUTE))
            )
        )
    if verbose not in VERBOSE:
        raise ValueError(
            _("train(): verbose={value} is not usable: expected one of {choices}").format(
                value=shown(verbose), choices=", ".join(map(repr, VERBOSE))
            )
        )
    folder = _check_out_dir(out_dir)
    _check_builder_kwargs(recipe, builder_kwargs)
    label = registry.title(recipe.name, builder_kwargs)

    from keras_recipes._keras import keras

    with _Interruption() as interruption:
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
                _(
                    "{label} is a linear regression, not a digit classifier: fitted to noisy "
                    "points of y = {slope}x + {intercept}"
                ).format(
                    label=label,
                    slope=f"{data.LINE_SLOPE:g}",
                    intercept=f"{data.LINE_INTERCEPT:g}",
                ),
            )
            prepared = _line_arrays(seed, samples, notes)
        else:
            # Inputs, then outputs, from the shapes alone: before any data is loaded.
            _check_inputs(builder_kwargs, label, ins, source, samples, shift)
            _check_trainable(recipe, builder_kwargs, label, ins, outs)
            prepared = _digit_arrays(source, seed, samples, ins, outs, notes, shift, recipe.fits)
        interruption.check()

        progress, lines = _progress(verbose, epochs)
        stop = _stop_on_interrupt(interruption)
        start = time.perf_counter()
        history = model.fit(
            *prepared.train,
            validation_data=prepared.validation,
            epochs=epochs,
            batch_size=batch_size,
            shuffle=True,
            # Ours last: each of their hooks runs before the check for Ctrl-C.
            callbacks=[*_callbacks(epochs), *callbacks, *lines, stop],
            verbose=progress,
        )
        seconds = time.perf_counter() - start
        interruption.check()
        test = model.evaluate(
            *prepared.test, batch_size=batch_size, verbose=0, return_dict=True, callbacks=[stop]
        )
        result = TrainResult(
            label=label,
            source=prepared.source,
            epochs=epochs,
            images=prepared.images,
            copies=prepared.copies,
            batch_size=batch_size,
            replicas=strategy.num_replicas_in_sync if strategy is not None else 1,
            seconds=seconds,
            history={k: [float(v) for v in values] for k, values in history.history.items()},
            test={key: float(value) for key, value in test.items()},
            test_samples=_count(prepared.test[0]),
            outputs=tuple(spec.name for spec in outs),
            best_epoch=int(np.argmin(history.history["val_loss"])) + 1,
            notes=tuple(notes),
            learned=_learned_line(model) if prepared.source == "line" else None,
            model=model,
        )
        interruption.check()  # nothing is written after a Ctrl-C
        if folder is not None:
            rebuilt = prepared.test[0] if recipe.fits == IMAGES else None
            result = _save(result, folder, rebuilding=rebuilt)
    return result


def _positive(argument: str, value: Any) -> int:
    number = whole_number(value)
    if number is None:
        raise ValueError(
            _(NOT_POSITIVE).format(builder="train", argument=argument, value=shown(value))
        )
    return number


# ---------------------------------------------------------------- choices made from shapes


def default_epochs(input_specs: tuple[TensorSpec, ...]) -> int:
    """``EPOCHS``, or ``LONG_SEQUENCE_EPOCHS`` when an input is a sequence of more than
    ``LONG_SEQUENCE`` steps."""
    longest = max((spec.shape[1] or 0 for spec in input_specs if len(spec.shape) == 3), default=0)
    return LONG_SEQUENCE_EPOCHS if longest > LONG_SEQUENCE else EPOCHS


def is_line_model(inputs: tuple[TensorSpec, ...], outputs: tuple[TensorSpec, ...]) -> bool:
    """One number in, one number out: a model no digit can feed."""
    return [s.shape for s in inputs] == [(None, 1)] and [s.shape for s in outputs] == [(None, 1)]


def default_out_dir(recipe: Recipe, builder_kwargs: Mapping[str, Any]) -> Path:
    """``runs/<recipe>``, or ``runs/cnn-flatten=True`` with builder arguments."""
    return Path("runs") / registry.file_stem(recipe.name, builder_kwargs)


# ---------------------------------------------------------------- checks


def _check_out_dir(out_dir: str | os.PathLike[str] | None) -> Path | None:
    """The folder to write to, refused now if it could not be made; it is made when written."""
    if out_dir is None:
        return None
    text = os.fspath(out_dir)
    if not text:  # Path("") is the current folder
        raise ValueError(_("train(): out_dir='' is not usable: name a folder, e.g. 'runs/mlp'"))
    problem = files.folder_problem(Path(text))
    if problem is not None:
        raise ValueError(
            _("train(): out_dir={value} is not usable: {problem}").format(
                value=shown(Path(text)), problem=problem
            )
        )
    return Path(text)


def _check_builder_kwargs(recipe: Recipe, builder_kwargs: Mapping[str, Any]) -> None:
    accepted = list(inspect.signature(recipe.builder).parameters)
    unknown = [key for key in builder_kwargs if key not in accepted]
    if unknown:
        raise ValueError(
            _("train(): {builder}() has no argument {argument}; its arguments: {known}").format(
                builder=recipe.builder_name, argument=shown(unknown[0]), known=", ".join(accepted)
            )
        )


def _check_trainable(
    recipe: Recipe,
    builder_kwargs: Mapping[str, Any],
    label: str,
    ins: tuple[TensorSpec, ...],
    outs: tuple[TensorSpec, ...],
) -> None:
    # The registry's rule on the built model's shapes, which any builder argument
    # may have changed: refused before any data is loaded, and before Keras'
    # own shape error would come.
    if recipe.fits == IMAGES:
        _check_rebuilds(label, ins, outs)
        return
    shape = registry.untrainable_output(ins, outs)
    if shape is None:
        return
    fields = {**registry.untrainable_fields(shape), "label": label, "name": recipe.name}
    fix = recipe.trainable_configuration()
    if fix is not None and not builder_kwargs.items() >= fix.kwargs.items():
        fields.update(
            variant=fix.label,
            why=_(fix.why),
            call=", ".join(f"{k}={v!r}" for k, v in fix.kwargs.items()),
            quoted=repr(recipe.name),
        )
        if builder_kwargs:
            message = _(
                "{label} outputs {shape}: one prediction per {cells} cell, not per image; "
                "per-image labels of shape (N,) cannot be fitted -- train the variant {variant} "
                "({why}): train({quoted}, {call}) or keras-recipes train {name} --variant {variant}"
            )
        else:
            message = _(
                "{name} as printed outputs {shape}: one prediction per {cells} cell, not per "
                "image; per-image labels of shape (N,) cannot be fitted -- train the variant "
                "{variant} ({why}): train({quoted}, {call}) or keras-recipes train {name} "
                "--variant {variant}"
            )
    elif builder_kwargs:
        message = _(
            "{label} outputs {shape}: one prediction per {cells} cell, not per image; "
            "per-image labels of shape (N,) cannot be fitted"
        )
    else:
        message = _(
            "{name} as printed outputs {shape}: one prediction per {cells} cell, not per image; "
            "per-image labels of shape (N,) cannot be fitted"
        )
    raise OutputShapeError(message.format(**fields))


def _check_rebuilds(label: str, ins: tuple[TensorSpec, ...], outs: tuple[TensorSpec, ...]) -> None:
    """A model fitted to rebuild its input must give back one output of the input's shape."""
    if len(ins) == len(outs) == 1 and tuple(ins[0].shape) == tuple(outs[0].shape):
        return
    raise OutputShapeError(
        _(
            "{label} outputs {outputs} for an input {inputs}: it is fitted to rebuild its input, "
            "so its output must have the input's shape; change input_shape together with the "
            "decoder's sizes"
        ).format(
            label=label,
            outputs=", ".join(registry.shape_text(s.shape) for s in outs),
            inputs=", ".join(registry.shape_text(s.shape) for s in ins),
        )
    )


class OutputShapeError(ValueError):
    """A model whose outputs no per-image label can train (the article's CNN as printed)."""


def _check_inputs(
    builder_kwargs: Mapping[str, Any],
    label: str,
    ins: tuple[TensorSpec, ...],
    source: str,
    samples: int | None,
    shift: bool | None,
) -> None:
    # A digit must be able to fill each input, and the arrays made for them
    # must fit in memory: a large input_shape can leave the weights small
    # (an LSTM's, a convolution's) while its data does not fit.
    try:
        per_sample = data.sample_bytes(ins)
    except ValueError as error:
        raise ValueError(
            _("train(): {label} cannot be fitted on digits: {why}").format(label=label, why=error)
        ) from None
    train_size, validation_size, test_size = data.SPLIT_SIZES[source]
    images = train_size if samples is None else min(samples, train_size)
    count = images * _copies(source, shift) + validation_size + test_size
    needed = count * per_sample
    memory = _memory.memory_bytes()
    # Fitting holds the arrays twice: NumPy's, and the tensors Keras makes of them.
    if memory is not None and 2 * needed > memory:
        raise ValueError(
            _(
                "train(): {arguments} is not usable: its training data would take {size} "
                "({count} samples of {sample}), held twice while fitting: more than this "
                "machine's {memory} of memory; use a smaller input shape"
            ).format(
                arguments=_shape_arguments(builder_kwargs, ins),
                size=byte_size(needed),
                count=f"{count:,}",
                sample=byte_size(per_sample),
                memory=byte_size(memory),
            )
        )


def _shape_arguments(builder_kwargs: Mapping[str, Any], ins: tuple[TensorSpec, ...]) -> str:
    """The builder arguments that set the input shapes, as given; else the shapes themselves."""
    shapes = {tuple(spec.shape[1:]) for spec in ins}
    given = [
        f"{key}={tuple(value)}"
        for key, value in builder_kwargs.items()
        if isinstance(value, (tuple, list)) and tuple(value) in shapes
    ]
    return ", ".join(given) or ", ".join(
        _("input shape {shape}").format(shape=spec.shape[1:]) for spec in ins
    )


def _progress(verbose: int | str, epochs: int) -> tuple[int | str, list[Any]]:
    """Keras' ``verbose`` for fit, and the callbacks that print instead of it."""
    if verbose != "auto":
        return verbose, []
    stdout = sys.stdout
    jupyter = type(stdout).__module__.startswith("ipykernel")  # a notebook's output stream
    if jupyter or (stdout is not None and stdout.isatty()):
        return 1, []  # a progress bar redrawn in place
    # Keras' "auto" draws its bar anywhere on POSIX: into a log file, that is
    # kilobytes of redraws and escape codes.
    return 0, [_epoch_lines(epochs)]


def _epoch_lines(epochs: int) -> Any:
    from keras_recipes._keras import keras

    class EpochLines(keras.callbacks.Callback):
        """One plain line per epoch: its time, then each metric as Keras names it."""

        def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            seconds = time.perf_counter() - self.started
            values = "".join(f" - {key}: {_number(value)}" for key, value in (logs or {}).items())
            line = _("Epoch {epoch}/{epochs} - {seconds}s").format(
                epoch=epoch + 1, epochs=epochs, seconds=f"{seconds:.1f}"
            )
            print(line + values, flush=True)

    return EpochLines()


def _number(value: Any) -> str:
    value = float(value)
    return f"{value:.4f}" if abs(value) >= 1e-3 or value == 0 else f"{value:.4e}"


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
    fits: str,
) -> _Prepared:
    """The splits shaped for the model, with the targets ``fits`` names (see ``targets``)."""
    digits = data.load(source, seed=seed)
    if digits.note:  # data.load has said it already
        notes.append(digits.note)
    too_many = _(
        "samples={samples} is more than the {count} training images of {source}: "
        "fitting all of them"
    )
    train_split = _take(digits.train, samples, too_many, notes, source=digits.source)
    images, copies = len(train_split), _copies(digits.source, shift)
    if copies > 1:
        train_split = data.shifted(train_split)

    def arrays(split: data.Split, salt: int) -> Arrays:
        x = data.inputs_for(ins, split.images, seed=seed + salt)
        return x, targets(fits, x, split.labels, ins, outs)

    return _Prepared(
        arrays(train_split, 0),
        arrays(digits.validation, 1),
        arrays(digits.test, 2),
        digits.source,
        images,
        copies,
    )


def targets(
    fits: str,
    x: Any,
    labels: np.ndarray,
    ins: tuple[TensorSpec, ...],
    outs: tuple[TensorSpec, ...],
) -> Any:
    """What a model is fitted to: its inputs ``x`` themselves for a model that rebuilds them
    (``fits`` is ``registry.IMAGES``), else each image's label shaped for every output."""
    return x if fits == IMAGES else data.targets_for(labels, outs, ins)


def _copies(source: str, shift: bool | None) -> int:
    """Times each training image is fitted per epoch: the shifted copies are for the few digits."""
    return len(data.SHIFTS) if (source == "digits" if shift is None else shift) else 1


def _line_arrays(seed: int, samples: int | None, notes: list[str]) -> _Prepared:
    train_line, validation, test = data.load_line(seed=seed)
    too_many = _(
        "samples={samples} is more than the {count} points of the line: fitting all of them"
    )
    train_line = _take(train_line, samples, too_many, notes)
    return _Prepared(
        (train_line.x, train_line.y),
        (validation.x, validation.y),
        (test.x, test.y),
        "line",
        len(train_line),
        1,
    )


def _take(split: Any, samples: int | None, too_many: str, notes: list[str], **fields: str) -> Any:
    """The first ``samples`` of ``split`` (a ``data.Split`` or ``data.Line``), or all of it.

    ``too_many`` is the note said when there are fewer: a message with the
    placeholders ``{samples}`` and ``{count}``, and any others in ``fields``.
    """
    if samples is None:
        return split
    if samples > len(split):
        _say(notes, too_many.format(samples=f"{samples:,}", count=f"{len(split):,}", **fields))
    return split.take(samples)


def _learned_line(model: keras.Model) -> str:
    # The model is linear, so two points give its whole function.
    at = model.predict(np.array([[0.0], [1.0]], dtype=np.float32), verbose=0).ravel()
    return _(
        "learned y = {slope}x + {intercept} (true: y = {true_slope}x + {true_intercept})"
    ).format(
        slope=f"{at[1] - at[0]:.3f}",
        intercept=f"{at[0]:.3f}",
        true_slope=f"{data.LINE_SLOPE:g}",
        true_intercept=f"{data.LINE_INTERCEPT:g}",
    )


def _say(notes: list[str], note: str) -> None:
    print(f"keras-recipes: {note}", file=sys.stderr)
    notes.append(note)


def _count(x: Any) -> int:
    return len(next(iter(x.values()))) if isinstance(x, dict) else len(x)


# ---------------------------------------------------------------- Ctrl-C


class _Interruption:
    """Ctrl-C during training, acted on at the next batch boundary, never inside TensorFlow.

    Python's own handler raises KeyboardInterrupt wherever the main thread is,
    which can be Python code that TensorFlow's C++ called: unwinding from there
    can crash the process. The handler installed here only notes the first
    Ctrl-C; ``check`` raises it between the steps of ``train`` and, through
    ``_stop_on_interrupt``, at the next batch or epoch end. A second Ctrl-C goes
    to the handler that was there before: Python's raises at once, the
    command's ends the process. Only the main thread can install it; elsewhere
    nothing changes.
    """

    def __init__(self) -> None:
        self.seen = False
        self._previous: Any = None

    def __enter__(self) -> _Interruption:
        if threading.current_thread() is threading.main_thread():
            previous = signal.getsignal(signal.SIGINT)
            if callable(previous):  # not SIG_IGN or SIG_DFL: Python handles Ctrl-C
                self._previous = previous
                signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        if self.seen:
            self._previous(signum, frame)
        self.seen = True

    def __exit__(self, *exc_info: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def check(self) -> None:
        if self.seen:
            raise KeyboardInterrupt


def _stop_on_interrupt(interruption: _Interruption) -> Any:
    from keras_recipes._keras import keras

    class StopOnInterrupt(keras.callbacks.Callback):
        """Raises a Ctrl-C noted during training, at the next batch or epoch end."""

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            interruption.check()

        on_test_batch_end = on_predict_batch_end = on_epoch_end = on_train_batch_end

    return StopOnInterrupt()


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


def _save(result: TrainResult, out_dir: Path, *, rebuilding: Any = None) -> TrainResult:
    """Writes ``history.json`` and ``curves.png`` into ``out_dir``, each whole or not at all;
    for a model fitted to rebuild its input, also ``reconstructions.png``: the first test
    inputs (``rebuilding``) and what the model made of them."""
    from keras_recipes import curves, reconstructions

    title = f"{result.label} on {result.source}"
    text = json.dumps(result.to_json(), indent=2).encode() + b"\n"
    figures = {"curves.png": curves.plot(result.history, title=title)}
    if rebuilding is not None and result.model is not None:
        figures["reconstructions.png"] = reconstructions.plot(result.model, rebuilding, title=title)
    history_path = out_dir / "history.json"
    written = [history_path]
    try:
        with files.new_folder(out_dir):
            files.write_atomically(history_path, lambda f: f.write(text))
            for name, figure in figures.items():
                files.write_atomically(out_dir / name, _png_of(figure))
                written.append(out_dir / name)
    finally:
        for figure in figures.values():
            curves.close(figure)
    return dataclasses.replace(result, files=tuple(written))


def _png_of(figure: Any) -> Callable[[BinaryIO], None]:
    """What writes ``figure`` as a PNG into an open file, for ``files.write_atomically``."""
    return lambda f: figure.savefig(f, format="png", dpi=100)
