"""Fitting a recipe on handwritten digits shaped for its inputs and outputs (``data``)."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import prod
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keras_recipes import _memory, data, files, registry
from keras_recipes._build import WHOLE, Refusal, whole_number
from keras_recipes.arithmetic import byte_size
from keras_recipes.i18n import _, ngettext, shown
from keras_recipes.registry import IMAGES, Recipe, TensorSpec, get_recipe

# numpy is imported where used: `list` and `--help` start without it.
if TYPE_CHECKING:
    import keras

Specs = tuple[TensorSpec, ...]

BATCH_SIZE = 32
# An epoch of the offline digits is 5 x 1,295 samples (see data.shifted).
EPOCHS = 8
# Reading 784 pixels one per step costs each batch 784 LSTM steps where the
# row-by-row LSTM takes 28: two epochs already take minutes on a CPU.
LONG_SEQUENCE = 100
LONG_SEQUENCE_EPOCHS = 2
DISTRIBUTE = ("mirrored",)
VERBOSE = ("auto", 0, 1, 2)


@dataclass(frozen=True, kw_only=True)
class TrainResult:
    """What a training run gave; the fields up to ``history`` go to ``history.json``."""

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
        one = len(self.outputs) == 1  # Keras names a single output's metrics without its name
        keys = {name: "accuracy" if one else f"{name}_accuracy" for name in self.outputs}
        return {name: self.test[key] for name, key in keys.items() if key in self.test}

    def report(self) -> list[str]:
        """A few lines saying what was trained and how well it does on the test split."""
        copies = _("x{count} (shifted copies)") if self.copies > 1 else ""
        replicas = _("over {count} replicas") if self.replicas > 1 else ""
        epochs = ngettext("{count} epoch", "{count} epochs", self.epochs).format(count=self.epochs)
        first = _(
            "{label} on {source}: {samples} training samples{copies}, {epochs}, batch {batch}"
            "{replicas}, {seconds} s; kept the weights of epoch {best} (lowest validation loss)"
        ).format(
            label=self.label,
            source=self.source,
            samples=f"{self.images:,}",
            copies=copies and " " + copies.format(count=self.copies),
            epochs=epochs,
            batch=self.batch_size,
            replicas=replicas and " " + replicas.format(count=self.replicas),
            seconds=f"{self.seconds:.1f}",
            best=self.best_epoch,
        )
        tested = f"{self.test_samples:,}"
        accuracy = _("test accuracy, {output}: {value} ({count} samples)")
        loss = _("test loss: {value} ({count} samples)")
        scores = [
            accuracy.format(output=name, value=f"{value:.3f}", count=tested)
            for name, value in self.accuracy().items()
        ] or [loss.format(value=f"{self.test['loss']:.4f}", count=tested)]
        return [first, *scores, *([self.learned] if self.learned else [])]

    def to_json(self) -> dict[str, Any]:
        """``history.json``: the label as ``recipe``, the test accuracy before the history."""
        saved = {
            "recipe" if f.name == "label" else f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ("outputs", "files", "model")
        }
        saved["seconds"] = round(self.seconds, 2)
        history = saved.pop("history")
        return {**saved, "test_accuracy": self.accuracy(), "history": history}


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
    """Builds recipe ``name`` with ``builder_kwargs``, fits it and scores it on the test split.

    ``samples``: the first training images; ``out_dir``: where ``history.json`` and
    ``curves.png`` go (None: nowhere); ``shift``: add the one-pixel shifted copies (default:
    for the offline digits). A model of one number in and out is fitted to y = 2x + 1.
    Bad arguments raise ValueError before any data is loaded; Ctrl-C, KeyboardInterrupt.
    """
    import numpy as np

    recipe = get_recipe(name)
    if recipe.fits is None:
        message = _("train(): {name} is not fitted on handwritten digits: {why}")
        raise ValueError(message.format(name=recipe.name, why=_(recipe.not_fitted)))
    epochs = None if epochs is None else _positive("epochs", epochs)
    samples = None if samples is None else _positive("samples", samples)
    batch_size = _positive("batch_size", batch_size)
    for argument, value, choices in (
        ("source", source, data.SOURCES),
        ("distribute", distribute, (None, *DISTRIBUTE)),
        ("verbose", verbose, VERBOSE),
    ):
        if value not in choices:
            raise data.not_one_of("train", argument, value, choices)
    folder = _check_out_dir(out_dir)
    label = registry.title(recipe.name, builder_kwargs)
    rebuilds = recipe.fits == IMAGES

    from keras_recipes._keras import keras

    with _Interruption() as interruption:
        keras.utils.set_random_seed(seed)
        strategy = _strategy(distribute)
        with strategy.scope():
            try:
                model = recipe.build(**builder_kwargs)
            except TypeError as error:  # an argument the builder lacks, named by the builder
                raise ValueError(str(error)) from None
        ins, outs = data.specs_of(model)
        line = is_line_model(ins, outs)
        notes: list[str] = []
        if line:
            regression = _(
                "{label} is a linear regression, not a digit classifier: fitted to noisy points "
                "of {line}"
            )
            _say(notes, regression.format(label=label, line=data.LINE))
            loaded = data.load_line(seed=seed)
        else:
            # Refused from the shapes alone, before any data is loaded.
            _check_inputs(label, ins, source, samples, shift)
            _check_outputs(recipe, label, builder_kwargs, ins, outs)
            loaded = data.load(source, seed=seed)
            notes += [loaded.note] if loaded.note else []  # said by data.load
        fitted = loaded.train
        if samples is not None and samples > len(fitted):
            more = _(
                "samples={samples} is more than the {count} training samples of {source}: "
                "fitting all of them"
            )
            count = f"{len(fitted):,}"
            _say(notes, more.format(samples=f"{samples:,}", count=count, source=loaded.source))
        fitted = fitted.take(samples)  # all of them for None
        copies = 1 if line else _copies(loaded.source, shift)

        def arrays(split: data.Split, salt: int) -> tuple[Any, Any]:
            if line:
                return split.images, split.labels
            return data.arrays_for(ins, outs, split, rebuilds=rebuilds, seed=seed + salt)

        x, y = arrays(data.shifted(fitted) if copies > 1 else fitted, 0)
        validation, test = arrays(loaded.validation, 1), arrays(loaded.test, 2)
        interruption.check()

        epochs = epochs or default_epochs(ins)
        # Raises a Ctrl-C noted during training at the next batch or epoch end.
        hooks = ("on_train_batch_end", "on_test_batch_end", "on_epoch_end")
        stop = keras.callbacks.LambdaCallback(
            **dict.fromkeys(hooks, lambda *args, **kwargs: interruption.check())
        )
        start = time.perf_counter()
        history = model.fit(
            x,
            y,
            validation_data=validation,
            epochs=epochs,
            batch_size=batch_size,
            shuffle=True,
            callbacks=[
                # With a few thousand images, Adam's default step makes the last epochs jump
                # around: halved after 2 epochs without a lower validation loss, they settle.
                keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=2, min_lr=1e-5),
                # Never stops early (patience = every epoch); at the end it puts back the
                # weights of the epoch with the lowest validation loss.
                keras.callbacks.EarlyStopping(patience=epochs, restore_best_weights=True),
                *callbacks,
                stop,  # last: the hooks of the others run before the check for Ctrl-C
            ],
            verbose=_verbose(verbose),
        ).history
        seconds = time.perf_counter() - start
        interruption.check()
        scores = model.evaluate(
            *test, batch_size=batch_size, verbose=0, return_dict=True, callbacks=[stop]
        )
        result = TrainResult(
            label=label,
            source=loaded.source,
            epochs=epochs,
            images=len(fitted),
            copies=copies,
            batch_size=batch_size,
            replicas=strategy.num_replicas_in_sync,
            seconds=seconds,
            history={key: [float(v) for v in values] for key, values in history.items()},
            test={key: float(value) for key, value in scores.items()},
            test_samples=len(loaded.test),
            outputs=tuple(spec.name for spec in outs),
            best_epoch=int(np.argmin(history["val_loss"])) + 1,
            notes=tuple(notes),
            learned=_learned_line(model) if line else None,
            model=model,
        )
        interruption.check()  # nothing is written after a Ctrl-C
        if folder is not None:
            result = _save(result, folder, rebuilding=test[0] if rebuilds else None)
    return result


def _positive(argument: str, value: Any) -> int:
    number = whole_number(value)
    if number is None:
        raise Refusal(argument, value, WHOLE).worded("train")
    return number


def default_epochs(input_specs: Specs) -> int:
    """``EPOCHS``, or ``LONG_SEQUENCE_EPOCHS`` for a sequence of over ``LONG_SEQUENCE`` steps."""
    longest = max((spec.shape[1] or 0 for spec in input_specs if len(spec.shape) == 3), default=0)
    return LONG_SEQUENCE_EPOCHS if longest > LONG_SEQUENCE else EPOCHS


def is_line_model(inputs: Specs, outputs: Specs) -> bool:
    """One number in, one number out: a model no digit can feed."""
    return [s.shape for s in inputs] == [(None, 1)] and [s.shape for s in outputs] == [(None, 1)]


def fed_and_fitted(recipe: Recipe, digits: data.Split) -> str:
    """What ``train`` makes of ``digits`` for ``recipe`` as its document printed it, as shapes:
    ``"(3, 784) -> (3,)"``, inputs then targets. The line model reads numbers, not digits; for
    a model no label per image fits, why not stands in for the targets."""
    if is_line_model(recipe.inputs, recipe.outputs):
        return f"{recipe.inputs[0].shape} -> {recipe.outputs[0].shape}"
    untrainable = recipe.configuration("").untrainable
    if untrainable is not None:
        inputs = data.inputs_for(recipe.inputs, digits.images)
        return f"{data.shapes(inputs)} -> {untrainable}"
    rebuilds = recipe.fits == IMAGES  # as train feeds it: its input is its target
    x, y = data.arrays_for(recipe.inputs, recipe.outputs, digits, rebuilds=rebuilds)
    return f"{data.shapes(x)} -> {data.shapes(y)}"


def default_out_dir(recipe: Recipe, builder_kwargs: Mapping[str, Any]) -> Path:
    """``runs/<recipe>``, or ``runs/cnn-flatten=True`` with builder arguments."""
    return Path("runs") / registry.file_stem(recipe.name, builder_kwargs)


def _copies(source: str, shift: bool | None) -> int:
    """Times each training image is fitted per epoch: the shifted copies are for the few digits."""
    return len(data.SHIFTS) if (source == "digits" if shift is None else shift) else 1


def _verbose(verbose: int | str) -> int | str:
    # Keras' own "auto" redraws its progress bar anywhere on POSIX, into a log file too.
    if verbose != "auto":
        return verbose
    jupyter = type(sys.stdout).__module__.startswith("ipykernel")  # a notebook's output stream
    return 1 if jupyter or (sys.stdout is not None and sys.stdout.isatty()) else 2


def _check_out_dir(out_dir: str | os.PathLike[str] | None) -> Path | None:
    """The folder to write to, refused now if it could not be made; it is made when written."""
    if out_dir is None:
        return None
    text = os.fspath(out_dir)
    # Path("") would be the current folder.
    problem = files.folder_problem(Path(text)) if text else _("name a folder, e.g. 'runs/mlp'")
    if problem is None:
        return Path(text)
    message = _("train(): out_dir={value} is not usable: {problem}")
    raise ValueError(message.format(value=shown(Path(text) if text else text), problem=problem))


def _check_outputs(
    recipe: Recipe, label: str, builder_kwargs: Mapping[str, Any], ins: Specs, outs: Specs
) -> None:
    # The registry's rule on the built model's shapes, which any builder argument may
    # have changed: refused before Keras' own shape error would come.
    if recipe.fits == IMAGES:
        if len(ins) == len(outs) == 1 and ins[0].shape == outs[0].shape:
            return
        message = _(
            "{label} outputs {outputs} for an input {inputs}: it is fitted to rebuild its "
            "input, so its output must have the input's shape; change input_shape together "
            "with the decoder's sizes"
        )
        shapes = {
            key: ", ".join(registry.shape_text(s.shape) for s in specs)
            for key, specs in (("outputs", outs), ("inputs", ins))
        }
        raise ValueError(message.format(label=label, **shapes))
    shape = registry.untrainable_output(ins, outs)
    if shape is None:
        return
    model = label if builder_kwargs else _("{name} as printed").format(name=recipe.name)
    message = _(
        "{model} outputs {shape}: one prediction per {cells} cell, not per image; "
        "per-image labels of shape (N,) cannot be fitted"
    ).format(model=model, **registry.untrainable_fields(shape))
    fix = recipe.trainable_configuration()
    if fix is not None and not builder_kwargs.items() >= fix.kwargs.items():
        advice = _(
            "train the variant {variant} ({why}): train({quoted}, {call}) or "
            "keras-recipes train {name} --variant {variant}"
        ).format(
            variant=fix.label,
            why=_(fix.why),
            quoted=repr(recipe.name),
            call=", ".join(f"{k}={v!r}" for k, v in fix.kwargs.items()),
            name=recipe.name,
        )
        message = _("{problem} -- {advice}").format(problem=message, advice=advice)
    raise ValueError(message)


def _check_inputs(
    label: str, ins: Specs, source: str, samples: int | None, shift: bool | None
) -> None:
    # A digit must fill each input, and the arrays made of them must fit in memory: a
    # large input_shape can leave the weights small (an LSTM's) while its data does not fit.
    try:
        per_sample = sum(prod(data.sample_shape(spec.shape)) * 4 for spec in ins)  # float32
    except ValueError as error:
        why = str(error)
    else:
        train_size, validation_size, test_size = data.SPLIT_SIZES[source]
        images = min(samples or train_size, train_size)
        count = images * _copies(source, shift) + validation_size + test_size
        memory = _memory.memory_bytes()
        # Fitting holds the arrays twice: NumPy's, and the tensors Keras makes of them.
        if memory is None or 2 * count * per_sample <= memory:
            return
        why = _(
            "its training data would take {size} ({count} samples of {sample}), held "
            "twice while fitting: more than this machine's {memory} of memory; use a "
            "smaller input shape"
        ).format(
            size=byte_size(count * per_sample),
            count=f"{count:,}",
            sample=byte_size(per_sample),
            memory=byte_size(memory),
        )
    message = _("train(): {label} cannot be fitted on digits: {why}")
    raise ValueError(message.format(label=label, why=why))


def _learned_line(model: keras.Model) -> str:
    import numpy as np

    # The model is linear, so two points give its whole function.
    at = model.predict(np.array([[0.0], [1.0]], dtype=np.float32), verbose=0).ravel()
    learned = f"y = {at[1] - at[0]:.3f}x + {at[0]:.3f}"
    return _("learned {learned} (true: {line})").format(learned=learned, line=data.LINE)


def _say(notes: list[str], note: str) -> None:
    print(f"keras-recipes: {note}", file=sys.stderr)
    notes.append(note)


class _Interruption:
    """Ctrl-C during training, raised by ``check`` at the next batch boundary.

    Python's own handler raises wherever the main thread is, which can be code that
    TensorFlow's C++ called, and unwinding from there can crash the process. A second
    Ctrl-C goes to the handler that was there before. Only the main thread installs it.
    """

    seen = False
    _previous: Any = None

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


def _strategy(distribute: str | None) -> Any:
    from keras_recipes._keras import tf

    if distribute is None:
        return tf.distribute.get_strategy()  # the default: one device, as without a strategy
    gpus = [device.name for device in tf.config.list_logical_devices("GPU")]
    cpus = [device.name for device in tf.config.list_logical_devices("CPU")]
    # Without a GPU MirroredStrategy would take CPU:0 alone: the replicas are then the
    # logical CPU devices (set up before TensorFlow starts), and NCCL, the default
    # all-reduce, is GPU-only.
    reduce = None if gpus else tf.distribute.ReductionToOneDevice()
    return tf.distribute.MirroredStrategy(devices=gpus or cpus, cross_device_ops=reduce)


def _save(result: TrainResult, out_dir: Path, *, rebuilding: Any = None) -> TrainResult:
    """``history.json``, ``curves.png`` and, given ``rebuilding`` (test inputs), the autoencoder's
    ``reconstructions.png``, each written whole or not at all."""
    from keras_recipes import curves, reconstructions

    title = _("{label} on {source}").format(label=result.label, source=result.source)
    text = json.dumps(result.to_json(), indent=2).encode() + b"\n"
    figures = {"curves.png": curves.plot(result.history, title=title)}
    if rebuilding is not None and result.model is not None:
        figures["reconstructions.png"] = reconstructions.plot(result.model, rebuilding, title=title)
    written = [out_dir / "history.json"]
    with files.new_folder(out_dir):
        files.write_atomically(written[0], lambda f: f.write(text))
        for name, figure in figures.items():
            png = functools.partial(figure.savefig, format="png", dpi=100)
            files.write_atomically(out_dir / name, png)
            written.append(out_dir / name)
    return dataclasses.replace(result, files=tuple(written))
