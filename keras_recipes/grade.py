"""Grading a learner's file: run it in a process of its own, take its model, check it.

A file is code: it runs with a time and a memory limit, so one that loops or eats the
machine's memory costs one line in the grades, not the teacher's afternoon. The child
process prints the check report; the parent reads its exit status (0 pass, 1 mismatch,
2 the file could not be graded, with one line on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import inspect
import os
import runpy
import signal
import subprocess
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from keras_recipes.i18n import _, get_language, ngettext, set_language

TIMEOUT = 60.0
MEMORY = 4 * 2**30  # bytes of address space: TensorFlow starts in about 2.5 GiB


class GradeError(Exception):
    """A file that cannot be graded: it does not run, or defines no single model."""


@dataclasses.dataclass(frozen=True)
class Grade:
    """One file's outcome: ``status`` is 0 (pass), 1 (mismatch) or 2 (not graded)."""

    path: Path
    status: int
    report: str  # the check report, or the one line saying why there is none

    @property
    def line(self) -> str:
        """One line for a folder's list of grades."""
        if self.status == 2:
            return _("{file}: not graded: {why}").format(file=self.path.name, why=self.report)
        if self.status == 0:
            return _("{file}: OK").format(file=self.path.name)
        # The report's first hint: the first mistake at its cause.
        hints = [line[2:] for line in self.report.splitlines() if line.startswith("! ")]
        return _("{file}: mismatch: {hint}").format(
            file=self.path.name, hint=hints[0] if hints else ""
        )


# ---------------------------------------------------------------- which model


def _is_model(value: Any) -> bool:
    keras = sys.modules.get("keras")  # a file that never imported Keras defines no model
    return keras is not None and isinstance(value, keras.Model)


def _returns_a_model(value: Any) -> bool:
    """A function of the file's that can be called with no arguments and builds a model."""
    if not inspect.isfunction(value):
        return False
    needed = [
        p
        for p in inspect.signature(value).parameters.values()
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    source = inspect.getsource(value) if not needed else ""
    return "Model(" in source or "Sequential(" in source


def pick_model(namespace: Mapping[str, Any], wanted: str | None = None) -> Any:
    """The model a file defines: ``wanted`` if given; else the one named ``model``; else the
    only model at module level; else what the only model-building function returns.

    Raises:
        GradeError: naming the candidates when the choice is unclear, or saying there is none.
    """
    public = {k: v for k, v in namespace.items() if not k.startswith("_")}
    if wanted is None and _is_model(public.get("model")):
        wanted = "model"
    if wanted is not None:
        value = public.get(wanted)
        if _is_model(value):
            return value
        if callable(value) and _returns_a_model(value):
            return value()
        raise GradeError(_("the file defines no model named {name}").format(name=wanted))
    models = [name for name, value in public.items() if _is_model(value)]
    if not models:
        models = [name for name, value in public.items() if _returns_a_model(value)]
    if len(models) == 1:
        return pick_model(namespace, models[0])
    if not models:
        raise GradeError(_("the file defines no keras.Model and no function that builds one"))
    raise GradeError(
        _("the file defines several models ({names}); choose one with --model").format(
            names=", ".join(models)
        )
    )


# ---------------------------------------------------------------- the child process


def _child(argv: Sequence[str]) -> int:
    """Runs one file and prints its check report: ``python -m keras_recipes.grade``."""
    parser = argparse.ArgumentParser(prog="keras_recipes.grade")
    parser.add_argument("file")
    parser.add_argument("--expected", required=True)  # a label, or "" with --summary
    parser.add_argument("--summary")
    parser.add_argument("--model")
    parser.add_argument("--lang", default=get_language())
    args = parser.parse_args(argv)
    set_language(args.lang)
    try:
        sys.path.insert(0, str(Path(args.file).parent))  # its own modules import
        namespace = runpy.run_path(args.file, run_name="__main__")
        model = pick_model(namespace, args.model)
        from keras_recipes.checker import check, render  # Keras is loaded by now

        if args.summary:
            from keras_recipes.parse import parse_summary

            text = Path(args.summary).read_text(encoding="utf-8")
            expected = dataclasses.replace(parse_summary(text), source=Path(args.summary).name)
            report = check(model, expected, title=Path(args.file).stem)
        else:
            report = check(model, args.expected)
    except GradeError as error:
        print(error, file=sys.stderr)
        return 2
    except MemoryError:
        print(_("it ran out of memory"), file=sys.stderr)
        return 2
    except (Exception, SystemExit) as error:  # the learner's code: any error is a grade
        where = ""
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == args.file]
        if frames:
            where = _(" (line {line})").format(line=frames[-1].lineno)
        print(
            _("it stopped with {error}{where}").format(
                error=f"{type(error).__name__}: {error}".strip(": "), where=where
            ),
            file=sys.stderr,
        )
        return 2
    print(render(report))
    return 0 if report.ok else 1


# ---------------------------------------------------------------- the parent


# The folder this package is in: the child imports this very package, wherever it runs.
_HOME = str(Path(__file__).resolve().parents[1])


def _python_path() -> list[str]:
    return [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]


def _limit_memory(limit: int) -> None:
    # Where the system has no such limit (Windows has no resource module), none is set.
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def grade(
    path: str | Path,
    expected: str,
    *,
    model: str | None = None,
    timeout: float = TIMEOUT,
    memory: int = MEMORY,
    language: str | None = None,
    summary: str | Path | None = None,
) -> Grade:
    """Runs the file ``path`` in a process of its own and checks its model against
    ``expected`` (a configuration's label, as ``check`` takes it).

    Args:
        path: a ``.py`` file that builds a Keras model.
        expected: the configuration to check against, such as ``"cnn flatten=True"``.
        model: the name of the model (or of the function that builds it) in the file.
        timeout: seconds the file may run, checking included.
        memory: bytes of address space the process may take.
        language: the report's language; default the current one.
        summary: a file holding a printed summary to check against, instead of ``expected``.

    Returns:
        A ``Grade``: the report, or the one line saying why there is none.
    """
    path = Path(path).resolve()
    command = [sys.executable, "-m", "keras_recipes.grade", str(path), "--expected", expected]
    command += ["--lang", language or get_language()]
    if model:
        command += ["--model", model]
    if summary:
        command += ["--summary", str(Path(summary).resolve())]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=path.parent,  # the file runs as a script would, from its own folder
            env={**os.environ, "PYTHONPATH": os.pathsep.join([_HOME, *_python_path()])},
            preexec_fn=(lambda: _limit_memory(memory)) if os.name == "posix" else None,
        )
    except subprocess.TimeoutExpired:
        seconds = f"{timeout:g}"
        return Grade(
            path,
            2,
            ngettext(
                "it ran for more than {n} second",
                "it ran for more than {n} seconds",
                int(timeout),
            ).format(n=seconds),
        )
    if done.returncode in (0, 1) and done.stdout.strip():  # else a crash: 1 and a traceback
        return Grade(path, done.returncode, done.stdout.rstrip("\n"))
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    if done.returncode == 2 and lines:
        return Grade(path, 2, lines[-1])
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        why = _("it was ended by {signal}, most likely out of memory (limit {size} GiB)")
        return Grade(path, 2, why.format(signal=name, size=f"{memory / 2**30:g}"))
    return Grade(path, 2, lines[-1] if lines else f"exit status {done.returncode}")


def tally(grades: Sequence[Grade]) -> str:
    """The line after a folder's grades: how many pass, fail and could not be graded."""
    passed = sum(g.status == 0 for g in grades)
    failed = sum(g.status == 1 for g in grades)
    errors = sum(g.status == 2 for g in grades)
    counts = ngettext(
        "{files} file: {passed} pass, {failed} mismatch, {errors} not graded",
        "{files} files: {passed} pass, {failed} mismatch, {errors} not graded",
        len(grades),
    )
    return counts.format(files=len(grades), passed=passed, failed=failed, errors=errors)


if __name__ == "__main__":
    # Ctrl-C in a teacher's terminal reaches the child too: end quietly, the parent reports it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.exit(_child(sys.argv[1:]))
