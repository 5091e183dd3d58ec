"""The ``keras-recipes`` command, in the language ``--lang`` names, else the locale's.

Exit codes: 0 ok, 1 a model differs from its document, 2 a usage or environment error (one
line on stderr, no traceback), 130 interrupted, 141 the reader of the output went away
(``| head``). Only the commands that build models import TensorFlow.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from keras_recipes import __version__, i18n
from keras_recipes import train as training
from keras_recipes.data import SOURCES, DataUnavailableError
from keras_recipes.files import file_problem, folder_problem, remove_partial_files
from keras_recipes.fonts import FontMissingError
from keras_recipes.i18n import LANGUAGES, PATH_SHOWN, _, ngettext, os_reason, printable, shown
from keras_recipes.plot import FORMATS, GraphvizMissingError, plot_recipe, write_diagrams
from keras_recipes.registry import DOCUMENTS, RECIPES, Recipe, file_stem, get_recipe, title
from keras_recipes.summary import shape_text
from keras_recipes.table import Column, Table

if TYPE_CHECKING:
    from keras_recipes.checker import Report
    from keras_recipes.registry import Configuration, Document
    from keras_recipes.summary import Summary

EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2
# As for a program ended by SIGPIPE (128 + 13), which Python ignores.
EXIT_BROKEN_PIPE = 141
# What a missing system piece raises: said in one line, like a usage error.
_ENVIRONMENT_ERRORS = (GraphvizMissingError, FontMissingError, DataUnavailableError)


class UsageError(Exception):
    """A mistake in how the command was called, or a missing system piece: exit 2."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # "-1,28" is a value, not an option, so that --input-shape's own check says
        # what is wrong with it (argparse takes it so from Python 3.14 on).
        self._negative_number_matcher = re.compile(r"-\.?\d")

    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; one line says it.
        raise UsageError(
            _("{message} (see '{prog} --help')").format(message=message, prog=self.prog)
        )

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse ignores a failed write (--help > /dev/full); the command reports it.
        if message:
            (file or sys.stderr).write(message)


def _chosen(recipe: Recipe, variant: str | None) -> list[Configuration]:
    """Every model the recipe stands for, or the one ``variant`` names (``""``: as printed)."""
    # An unknown label: a ValueError listing the recipe's labels.
    return list(recipe.configurations()) if variant is None else [recipe.configuration(variant)]


def _total(config: Configuration) -> str:
    """A total, `` *`` after one its document never printed (derived here)."""
    return f"{config.expected.total:,}{'' if config.expected.printed else ' *'}"


def _mark_note(document: Document) -> str:
    return _("* not printed by {document}: derived here").format(document=_(document.called))


def _by_document(recipes: Sequence[Recipe]) -> Iterator[tuple[Document, list[Recipe]]]:
    """``recipes`` grouped by document, in the registry's order; a blank line between groups."""
    groups = [(d, [r for r in recipes if r.document is d]) for d in DOCUMENTS.values()]
    for i, (document, chosen) in enumerate(group for group in groups if group[1]):
        if i:
            print()
        yield document, chosen


def _cmd_list(args: argparse.Namespace) -> int:
    for document, recipes in _by_document(list(RECIPES.values())):
        print(_("{title}; {figures}").format(title=_(document.title), figures=_(document.figures)))
        rows = [
            [
                recipe.name,
                _(document.section_shown).format(section=recipe.section),
                _(recipe.title),
                _("{builder}()  {document} total {total}").format(
                    builder=recipe.builder_name,
                    document=_(document.name),
                    total=_total(recipe.configuration("")),
                ),
            ]
            for recipe in recipes
        ]
        table = Table([Column()] * 4, rows)
        for recipe, row in zip(recipes, rows, strict=True):
            print(table.line(row))
            for variant in recipe.variants:
                line = _("--variant {label}  total {total}: {why}").format(
                    label=variant.label, total=_total(variant), why=_(variant.why)
                )
                print(f"  {line}")
        print(_mark_note(document))
    return EXIT_OK


def _cmd_summary(args: argparse.Namespace) -> int:
    config = _chosen(args.recipe, args.variant or "")[0]
    args.recipe.build(**config.kwargs).summary()
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    if args.variant is not None and len(args.recipes) != 1:
        # Recipes have variants of their own: a label means something for one recipe only.
        count = len(args.recipes)
        raise UsageError(
            _("--variant takes exactly one recipe NAME, not {count}").format(count=count)
        )
    recipes = args.recipes or list(RECIPES.values())
    # One table per document, each headed by what that document printed.
    failed = sum(
        _verify(document, chosen, args.variant) for document, chosen in _by_document(recipes)
    )
    return EXIT_MISMATCH if failed else EXIT_OK


def _verify_cells(expected: Summary, report: Report | None = None) -> list[str]:
    """A verify line's figures; without a report, as wide as they will be (for sizing)."""
    rows = len(expected.rows)
    actual, matched = (
        (expected.total, rows) if report is None else (report.actual_total, report.matched)
    )
    result = _("OK") if report is not None and report.ok else _("MISMATCH")
    mark = "" if expected.printed else "*"
    return [f"{expected.total:,}", mark, f"{actual:,}", f"{matched}/{rows}", result]


def _verify(document: Document, recipes: Sequence[Recipe], variant: str | None) -> int:
    """Checks ``recipes`` of ``document``, a line each; returns how many models differ."""
    from keras_recipes.checker import check_configuration

    # A variant sits indented under its recipe's line; asked for alone, it stands alone.
    lines = []
    for recipe in recipes:
        for config in _chosen(recipe, variant):
            indent = "  " if config.label and variant is None else ""
            lines.append((indent + title(recipe.name, config.kwargs), recipe, config))
    columns = [
        Column(_("recipe")),
        Column(_(document.name), right=True),
        Column(),  # the mark of a total the document never printed
        Column("Keras 3", right=True),
        Column(_("rows"), right=True),
        Column(_("result")),
    ]
    # Sized from what the document printed, so each line shows as soon as its model is checked.
    table = Table(columns, [[name, *_verify_cells(config.expected)] for name, _r, config in lines])
    print(*table.heading())
    reports = []
    for name, recipe, config in lines:
        reports.append(check_configuration(recipe, config))
        print(table.line([name, *_verify_cells(config.expected, reports[-1])]))
    failed = [report for report in reports if not report.ok]
    for report in failed:
        print(f"\n{report}")
    print(_mark_note(document))
    called, count = _(document.called), len(failed) or len(recipes)
    if failed:
        differ = ngettext(
            "{count} model differs from {document}", "{count} models differ from {document}", count
        )
        print(differ.format(count=count, document=called), file=sys.stderr)
    else:
        match = ngettext(
            "{count} recipe matches {document}", "all {count} recipes match {document}", count
        )
        print(match.format(count=count, document=called))
    return len(failed)


def _cmd_diagrams(args: argparse.Namespace) -> int:
    names = [recipe.name for recipe in args.recipes]
    for path in write_diagrams(_writable_folder(Path(args.out)), names or None):
        print(printable(path))
    return EXIT_OK


# Where the terminal cannot show them, the signs explain prints fall back to ASCII.
_ASCII = str.maketrans({"\u00d7": "*", "\u2212": "-", "\u2713": "ok"})


def _cmd_explain(args: argparse.Namespace) -> int:
    from keras_recipes.explain import explain_recipe

    explanations = [
        explain_recipe(args.recipe.name, **c.kwargs) for c in _chosen(args.recipe, args.variant)
    ]
    text = "\n\n".join(str(e) for e in explanations)
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except UnicodeEncodeError:
        text = text.translate(_ASCII)
    print(text)
    wrong = [e.title for e in explanations if not e.ok]
    if wrong:
        disagree = ngettext(
            "our arithmetic and Keras 3 disagree on {count} model: see MISMATCH rows",
            "our arithmetic and Keras 3 disagree on {count} models: see MISMATCH rows",
            len(wrong),
        )
        print(disagree.format(count=len(wrong)), file=sys.stderr)
        return EXIT_MISMATCH
    return EXIT_OK


def _read_summary(path: str) -> Summary:
    """The summary printed in the file ``path`` (``-``: standard input)."""
    from keras_recipes.parse import parse_summary

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        why = os_reason(error) if isinstance(error, OSError) else _("it is not UTF-8 text")
        raise UsageError(_("cannot read {path}: {why}").format(path=shown(path), why=why)) from None
    try:
        return parse_summary(text)
    except ValueError as error:  # SummaryTextError: the line and what it lacks
        raise UsageError(f"{printable(path)}: {error}") from None


def _cmd_parse(args: argparse.Namespace) -> int:
    summary = _read_summary(args.file)
    connected = any(row.connected_to is not None for row in summary.rows)
    columns = [Column(_("Layer (type)")), Column(_("Output shape")), Column(_("Param #"), True)]
    columns += [Column(_("Connected to"))] if connected else []
    cells = [
        [
            f"{row.name} ({row.type})",
            shape_text(row.output_shape),
            "?" if row.params is None else f"{row.params:,}",
            *([", ".join(row.connected_to or ()) or "-"] if connected else []),
        ]
        for row in summary.rows
    ]
    table = Table(columns, cells)
    print(*table.heading(), sep="\n")
    for line in cells:
        print(*table.lines(line), sep="\n")
    for label, value in (
        (_("Total params"), summary.total),
        (_("Trainable params"), summary.trainable),
        (_("Non-trainable params"), summary.non_trainable),
        (_("Optimizer params"), summary.optimizer),
    ):
        if value is not None:
            print(f"{label}: {value:,}")
    for row in summary.rows:
        if row.unshown:
            print(
                _("{row}: not shown whole in print: {fields}").format(
                    row=row.name, fields=", ".join(_(field) for field in row.unshown)
                )
            )
    unlisted = summary.unlisted()
    if unlisted:
        print(unlisted)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from keras_recipes import grade

    if args.summary is not None:
        if args.summary == "-":  # each file's process reads the summary again
            raise UsageError(_("--summary takes a file, not standard input"))
        _read_summary(args.summary)  # a summary that does not read is said once, here
        label = ""
    else:
        config = _chosen(args.recipe, args.variant or "")[0]
        label = title(args.recipe.name, config.kwargs)
    options = {"model": args.model, "timeout": args.timeout, "summary": args.summary}
    path = Path(args.path)
    if path.is_dir():
        files = sorted(path.glob("*.py"))
        if not files:
            raise UsageError(_("no .py files in {folder}").format(folder=shown(path)))
        grades = []
        for file in files:  # one line as each file is graded
            grades.append(grade.grade(file, label, **options))
            print(grades[-1].line, flush=True)
        print(grade.tally(grades))
        return EXIT_OK if all(g.status == 0 for g in grades) else EXIT_MISMATCH
    if not path.is_file():
        raise UsageError(_("no such file or folder: {path}").format(path=shown(path)))
    graded = grade.grade(path, label, **options)
    if graded.status == 2:
        raise UsageError(_("{file}: not graded: {why}").format(file=path.name, why=graded.report))
    print(graded.report)
    return graded.status


def _cannot_write(path: Path, why: str) -> UsageError:
    return UsageError(_("cannot write {path}: {why}").format(path=shown(path), why=why))


def _writable_folder(folder: Path) -> Path:
    """``folder``, proved writable or creatable before any work starts; nothing is created."""
    why = folder_problem(folder)
    if why is not None:
        raise UsageError(
            _("cannot write to folder {folder}: {why}").format(folder=shown(folder), why=why)
        )
    return folder


def _cmd_plot(args: argparse.Namespace) -> int:
    recipe = args.recipe
    config = _chosen(recipe, args.variant or "")[0]
    path = Path(args.output or f"{file_stem(recipe.name, config.kwargs)}.png")
    why = file_problem(path)  # before anything is built
    if why is not None:
        raise _cannot_write(path, why)
    try:
        written = plot_recipe(recipe.name, path, **config.kwargs)
    except OSError as error:
        raise _cannot_write(path, os_reason(error)) from None
    print(_("wrote {path}").format(path=printable(written)))
    return EXIT_OK


def _cmd_train(args: argparse.Namespace) -> int:
    recipe = args.recipe
    kwargs: dict[str, Any] = dict(_chosen(recipe, args.variant or "")[0].kwargs)
    if args.input_shape is not None:
        kwargs["input_shape"] = args.input_shape
    out = _writable_folder(Path(args.out or training.default_out_dir(recipe, kwargs)))
    options = ("epochs", "samples", "source", "batch_size", "seed", "distribute")
    settings = {option: getattr(args, option) for option in options}
    result = training.train(recipe.name, out_dir=out, **settings, **kwargs)
    for line in result.report():
        print(line)
    written = ", ".join(printable(path) for path in result.files)
    print(_("wrote {path}").format(path=written))
    return EXIT_OK


# The largest count TensorFlow's 32-bit shapes and counters hold; past it
# numbers overflow inside NumPy or TensorFlow instead of being refused here.
MAX_COUNT = 2**31 - 1
# What keras.utils.set_random_seed (NumPy's seed) takes.
MAX_SEED = 2**32 - 1


def _typed(
    convert: Callable[[str], Any], expected: str | None = None, valid: Callable[[Any], Any] = bool
) -> Callable[[str], Any]:
    """An argparse ``type``: ``convert(value)`` if ``valid``, else ``expected {expected}, got
    {value}``; without ``expected``, ``convert``'s ValueError says what is wrong."""

    def parse(value: str) -> Any:
        try:
            converted = convert(value)
            if valid(converted):
                return converted
        except ValueError as error:
            if expected is None:
                raise argparse.ArgumentTypeError(str(error)) from None
        why = _("expected {what}, got {value}").format(what=expected, value=shown(value))
        raise argparse.ArgumentTypeError(why)

    return parse


def _count(low: int, high: int) -> Callable[[str], Any]:
    expected = _("a whole number from {low} to {high}").format(low=low, high=high)
    return _typed(int, expected, lambda number: low <= number <= high)


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The command's parser, its help in the current language."""
    # --lang on the command and on each subcommand, so it may come before or after the
    # command's name; SUPPRESS keeps a subcommand from undoing the command's.
    common = _Parser(add_help=False)
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_(
            "language of the output; default: zh-TW where LC_ALL, LC_MESSAGES or LANG "
            "starts with zh_TW, else en"
        ),
    )
    recipe = _typed(get_recipe)
    one = _Parser(add_help=False, parents=[common])
    one.add_argument("recipe", type=recipe, metavar=_("NAME"), help=_("a recipe name (see 'list')"))
    variant = _("a variant of the recipe, e.g. flatten=True (see 'list')")
    one.add_argument("--variant", metavar="LABEL", help=variant)
    parser = _Parser(
        prog="keras-recipes",
        description=_(
            "The models of a Keras functional-API tutorial and of the Keras guide, on Keras 3."
        ),
        parents=[common],
    )
    version = _("show program's version number and exit")  # argparse's own, untranslated
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help=version
    )
    commands = parser.add_subparsers(
        dest="command", metavar=_("COMMAND"), required=True, parser_class=_Parser
    )

    def add(name: str, run: Command, help: str, parent: _Parser = common) -> _Parser:
        sub = commands.add_parser(name, help=help, description=help, parents=[parent])
        sub.set_defaults(run=run)
        return sub

    add("list", _cmd_list, _("list the recipes by document: their sections, variants and totals"))
    add("summary", _cmd_summary, _("build a recipe and print its Keras 3 summary"), one)
    help = _("check recipes against what their documents printed, row by row")
    verify = add("verify", _cmd_verify, help)
    diagrams = add(
        "diagrams", _cmd_diagrams, _("draw recipes to PNG, layer names and shapes shown")
    )
    for sub in (verify, diagrams):
        sub.add_argument(
            "recipes", nargs="*", type=recipe, metavar=_("NAME"), help=_("default: all")
        )
    verify.add_argument(
        "--variant", metavar="LABEL", help=_("with one NAME: {help}").format(help=variant)
    )
    folder = _typed(str, _("a folder name"), str.strip)
    diagrams.add_argument(
        "--out",
        type=folder,
        default="diagrams",
        metavar="DIR",
        help=_("folder to write to (default: diagrams)"),
    )
    formats = ", ".join(FORMATS)
    image = _("a file name ending in {formats}").format(formats=formats)
    plot = add(
        "plot", _cmd_plot, _("draw a recipe's layers with their shapes (needs Graphviz)"), one
    )
    plot.add_argument(
        "-o",
        "--output",
        type=_typed(str, image, lambda name: Path(name).suffix.lower() in FORMATS),
        metavar="FILE",
        help=_(
            "image to write ({formats}); default NAME.png, or with --variant "
            "e.g. cnn-flatten=True.png, in the current folder"
        ).format(formats=formats),
    )
    add("explain", _cmd_explain, _("work out each layer's output shape and parameter count"), one)
    help = _("run a learner's .py file (or each in a folder) and check the model it builds")
    grading = add("check", _cmd_check, help)
    grading.add_argument("path", metavar=_("PATH"), help=_("a .py file, or a folder of them"))
    against = grading.add_mutually_exclusive_group(required=True)
    against.add_argument(
        "--recipe", type=recipe, metavar=_("NAME"), help=_("the recipe to check against")
    )
    against.add_argument(
        "--summary",
        metavar=_("FILE"),
        help=_("a summary as model.summary() printed it (Keras 2 or 3) to check against"),
    )
    grading.add_argument("--variant", metavar="LABEL", help=variant)
    grading.add_argument(
        "--model", metavar=_("NAME"), help=_("the model, or the function building it, to take")
    )
    seconds = _("a number of seconds above 0")
    grading.add_argument(
        "--timeout",
        type=_typed(float, seconds, lambda value: 0 < value < float("inf")),
        default=60.0,
        metavar=_("SECONDS"),
        help=_("time each file may run (default: %(default)g)"),
    )
    help = _("read a summary as model.summary() printed it, Keras 2 or 3, and show what was read")
    parsing = add("parse", _cmd_parse, help)
    parsing.add_argument("file", metavar=_("FILE"), help=_("the printed summary; - reads stdin"))
    help = _("fit a recipe on handwritten digits and report its test accuracy")
    train = add("train", _cmd_train, help, one)
    epochs = _("default: {epochs}, or {long_epochs} for inputs of more than {steps} time steps")
    epochs = epochs.format(
        epochs=training.EPOCHS,
        long_epochs=training.LONG_SEQUENCE_EPOCHS,
        steps=training.LONG_SEQUENCE,
    )
    count = _count(1, MAX_COUNT)
    for option, check, default, help in (
        ("--epochs", count, None, epochs),
        ("--samples", count, None, _("training samples; default: all")),
        ("--batch-size", count, training.BATCH_SIZE, _("default: %(default)s")),
        ("--seed", _count(0, MAX_SEED), 0, _("0 to {high}; default: 0").format(high=MAX_SEED)),
    ):
        train.add_argument(option, type=check, default=default, metavar="N", help=help)
    train.add_argument(
        "--source",
        choices=SOURCES,
        default="digits",
        help=_(
            "digits: scikit-learn's, offline (default); mnist: downloaded or cached, "
            "else the digits"
        ),
    )
    train.add_argument(
        "--out",
        type=folder,
        metavar="DIR",
        help=_("for history.json and curves.png; default: runs/NAME"),
    )
    train.add_argument(
        "--distribute", choices=training.DISTRIBUTE, help=_("train under MirroredStrategy")
    )
    shape = _("whole numbers from 1 to {high} separated by commas (e.g. 28,28)").format(
        high=MAX_COUNT
    )
    train.add_argument(
        "--input-shape",
        type=_typed(
            lambda text: tuple(int(part) for part in text.split(",")),
            shape,
            lambda dims: all(1 <= dim <= MAX_COUNT for dim in dims),
        ),
        metavar="DIMS",
        help=_("builder's input_shape, e.g. 28,28"),
    )
    return parser


def _language_asked(argv: Sequence[str]) -> str | None:
    """``--lang``'s value, found before parsing: argparse's messages and the help speak it.
    A value argparse will refuse is left to it."""
    pre = _Parser(add_help=False, exit_on_error=False)
    pre.add_argument("--lang", choices=LANGUAGES)
    with contextlib.suppress(argparse.ArgumentError, UsageError):
        return pre.parse_known_args(argv)[0].lang
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command on ``argv`` and returns its exit code (see the module's docstring).

    ``argv=None`` runs it as the ``keras-recipes`` program itself, which Ctrl-C ends at once.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = _language_asked(arguments) or i18n.language_from_environment()
    try:
        with i18n.language(chosen):
            return _run(arguments, program=argv is None)
    except i18n.CatalogMissingError as error:
        # Said in English: the catalogue that would translate it is the one missing.
        print(f"keras-recipes: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _run(arguments: list[str], program: bool) -> int:
    # Text an output cannot encode (Chinese to an ASCII pipe) is written as escapes.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        if program:  # train puts a handler of its own in front, which stops at the next batch
            signal.signal(signal.SIGINT, _end_interrupted)
        try:
            with i18n.argparse_speaking():
                args = build_parser().parse_args(arguments)
        except SystemExit:  # --help and --version, printed
            code = EXIT_OK
        else:
            code = args.run(args)
        sys.stdout.flush()  # a full disk is said now, not lost at exit
        return code
    except KeyboardInterrupt:
        if program:
            _end_interrupted()
        print(_("keras-recipes: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing to report
        _discard_output()
        return EXIT_BROKEN_PIPE
    except Exception as error:
        why = _one_line(error)
        if why is None:  # a bug: its traceback is shown
            raise
        if program and isinstance(error, OSError):
            _discard_output()
        return _usage_error(why, arguments)


def _one_line(error: Exception) -> str | None:
    """What a refused or failed run is said as, or None for an error no user caused."""
    if isinstance(error, (UsageError, ValueError, ArithmeticError, *_ENVIRONMENT_ERRORS)):
        return str(error)  # ValueError: a builder, train() or the registry refusing an argument
    if isinstance(error, MemoryError):
        return _("out of memory: {error}").format(error=error) if str(error) else _("out of memory")
    if isinstance(error, OSError):  # e.g. the disk filled up while writing
        where = f" ({shown(Path(error.filename))})" if error.filename else ""
        return f"{os_reason(error)}{where}"
    tf = sys.modules.get("tensorflow")  # never imported just to look
    if tf is None or not isinstance(error, tf.errors.OpError):
        return None
    # The first line, without the op's "{{function_node ...}}" prefix and device path.
    text = re.sub(r"\{\{.*?\}\}", "", str(error.message or error)).strip()
    first = text.splitlines()[0].split(" on /job:")[0] if text else type(error).__name__
    if isinstance(error, tf.errors.ResourceExhaustedError):
        return _("out of memory in TensorFlow: {error}").format(error=first)
    return _("TensorFlow could not run it: {error}").format(error=first)


def _discard_output() -> None:
    # Output goes nowhere from here, so the flush at exit cannot fail a second time.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _usage_error(message: str, arguments: Sequence[str] = ()) -> int:
    """Says ``message`` on one line, each huge value the user typed quoted short, as ``shown``."""
    for token in arguments:
        for value in {token, token.partition("=")[2]}:
            if len(value) > PATH_SHOWN:  # a long file name stays whole
                message = message.replace(repr(value), shown(value))
                message = message.replace(value, shown(value, quoted=False))
    # Messages from Keras and TensorFlow can span lines; the command's error is one line.
    line = _("keras-recipes: error: {message}").format(message=" ".join(message.split()))
    print(line, file=sys.stderr)
    return EXIT_USAGE


def _end_interrupted(*signal_args: object) -> NoReturn:
    """Ctrl-C ends the program now: its partial files removed, one line, exit code 130.

    Not by unwinding: a KeyboardInterrupt inside a ``__del__`` TensorFlow's C++ called is
    dropped, TensorFlow's threads can run into the teardown, and once one has passed
    through ``exec()``'d code (dataclasses) ``python -m`` ends by SIGINT whatever main() returns.
    """
    remove_partial_files()
    # RuntimeError: called from a signal handler while the main thread was writing.
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        sys.stdout.flush()
    line = f"{_('keras-recipes: interrupted')}\n"
    os.write(2, line.encode(getattr(sys.stderr, "encoding", None) or "utf-8", "backslashreplace"))
    os._exit(130)


if __name__ == "__main__":
    sys.exit(main())
