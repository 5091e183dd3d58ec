"""The ``keras-recipes`` command.

Exit codes: 0 ok, 1 a model differs from its document, 2 a usage or
environment error (one line on stderr, no traceback), 130 interrupted, 141 the
reader of the output went away (``| head``). TensorFlow is imported only by
the subcommands that build models.

It speaks the language ``--lang`` names (before or after the command), else
the locale's (``LANG=zh_TW.UTF-8`` picks zh-TW), else English: its tables,
notes, errors and argparse's own messages.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keras_recipes import __version__, i18n
from keras_recipes._build import whole_number
from keras_recipes.data import SOURCES
from keras_recipes.files import folder_problem
from keras_recipes.i18n import (
    LANGUAGES,
    N_,
    PATH_SHOWN,
    _,
    ngettext,
    os_reason,
    printable,
    shown,
)
from keras_recipes.plot import FORMATS
from keras_recipes.registry import (
    DOCUMENTS,
    RECIPES,
    Configuration,
    Document,
    Recipe,
    UnknownRecipeError,
    file_stem,
    get_recipe,
    title,
)
from keras_recipes.summary import Summary
from keras_recipes.table import Column, Table
from keras_recipes.train import (
    BATCH_SIZE,
    DISTRIBUTE,
    EPOCHS,
    LONG_SEQUENCE,
    LONG_SEQUENCE_EPOCHS,
)

if TYPE_CHECKING:
    from keras_recipes.checker import Report

EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2
# As for a program ended by SIGPIPE (128 + 13), which Python ignores.
EXIT_BROKEN_PIPE = 141


class UsageError(Exception):
    """A mistake in how the command was called, or a missing system piece: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse prints the whole usage block; one line says it.
        raise UsageError(
            _("{message} (see '{prog} --help')").format(message=message, prog=self.prog)
        )

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse ignores a failed write (--help > /dev/full); the command reports it.
        if message:
            (file or sys.stderr).write(message)


# argparse looks its messages up through gettext's module-level functions; they
# are pointed at our catalogue while the parser is built and used. The ones a
# user of this command can meet, marked here so the catalogue holds them:
_ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ignored explicit argument %r"),
)


@contextlib.contextmanager
def _argparse_in_our_language() -> Iterator[None]:
    before = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = before  # type: ignore[attr-defined]


def _argument_error(argument: str, message: str) -> UsageError:
    """As argparse words a bad argument: ``argument --variant: ...``."""
    return UsageError(
        _("argument %(argument_name)s: %(message)s")
        % {"argument_name": argument, "message": message}
    )


def _recipe_name(value: str) -> str:
    try:
        return get_recipe(value).name
    except UnknownRecipeError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _configuration(recipe: Recipe, variant: str | None) -> Configuration:
    """The model ``--variant`` names: the printed one without it."""
    try:
        return recipe.configuration(variant or "")
    except ValueError as error:  # the message lists the recipe's variants
        raise _argument_error("--variant", str(error)) from None


def _configurations(recipe: Recipe, variant: str | None) -> Sequence[Configuration]:
    """Every model the recipe stands for, or only the one ``--variant`` names."""
    if variant is None:
        return recipe.configurations()
    return [_configuration(recipe, variant)]


def _mark(config: Configuration) -> str:
    """`` *`` after a total its document never printed (derived here), else nothing."""
    return "" if config.expected.printed else " *"


def _mark_note(document: Document) -> str:
    return _("* not printed by {document}: derived here").format(document=_(document.called))


def _total(config: Configuration) -> str:
    return f"{config.expected.total:,}{_mark(config)}"


def _by_document(recipes: Sequence[Recipe]) -> list[tuple[Document, list[Recipe]]]:
    """``recipes`` grouped by their document, in the registry's order of documents."""
    return [
        (document, [r for r in recipes if r.document is document])
        for document in DOCUMENTS.values()
        if any(r.document is document for r in recipes)
    ]


# ---------------------------------------------------------------- commands


def _cmd_list(args: argparse.Namespace) -> int:
    for i, (document, recipes) in enumerate(_by_document(list(RECIPES.values()))):
        if i:
            print()
        print(_("{title}; {figures}").format(title=_(document.title), figures=_(document.figures)))
        rows = [
            [
                recipe.name,
                document.section_shown.format(section=recipe.section),
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
    recipe = get_recipe(args.name)
    recipe.build(**_configuration(recipe, args.variant).kwargs).summary()
    return EXIT_OK


def _verify_columns(document: Document) -> tuple[Column, ...]:
    return (
        Column(_("recipe")),
        Column(_(document.name), right=True),
        Column(),  # the mark of a total the document never printed
        Column("Keras 3", right=True),
        Column(_("rows"), right=True),
        Column(_("result")),
    )


def _verify_cells(expected: Summary, report: Report | None = None) -> list[str]:
    """A verify line's figures; without a report, as wide as they will be (for sizing)."""
    rows = len(expected.rows)
    actual, matched = (
        (expected.total, rows) if report is None else (report.actual_total, report.matched)
    )
    result = _("MISMATCH") if report is None or not report.ok else _("OK")
    mark = "" if expected.printed else "*"
    return [f"{expected.total:,}", mark, f"{actual:,}", f"{matched}/{rows}", result]


def _cmd_verify(args: argparse.Namespace) -> int:
    names = args.names or list(RECIPES)
    if args.variant is not None and len(args.names) != 1:
        # Recipes have variants of their own: a label means something for one recipe only.
        raise _argument_error(
            "--variant",
            _("give exactly one recipe NAME with it, not {count}").format(count=len(args.names)),
        )
    recipes = [get_recipe(name) for name in names]
    failed = 0
    # One table per document, each headed by what that document printed.
    for i, (document, chosen) in enumerate(_by_document(recipes)):
        if i:
            print()
        failed += _verify_document(document, chosen, args.variant)
    return EXIT_MISMATCH if failed else EXIT_OK


def _verify_document(document: Document, recipes: Sequence[Recipe], variant: str | None) -> int:
    """Checks ``recipes`` of ``document``, a line each; returns how many models differ."""
    from keras_recipes.checker import check_configuration

    # (indented label, configuration): a variant sits under its recipe's line;
    # asked for alone, it stands alone.
    lines = [
        ("  " if config.label and variant is None else "", recipe, config)
        for recipe in recipes
        for config in _configurations(recipe, variant)
    ]
    # Sized before any model is built, from what the document printed, so
    # each line can be shown as soon as its model is checked.
    columns = _verify_columns(document)
    table = Table(
        columns,
        [
            [indent + title(recipe.name, config.kwargs), *_verify_cells(config.expected)]
            for indent, recipe, config in lines
        ],
    )
    print(table.line([column.heading for column in columns]))
    failed = []
    for indent, recipe, config in lines:
        name_and_label = title(recipe.name, config.kwargs)
        report = check_configuration(recipe, config)
        print(table.line([indent + name_and_label, *_verify_cells(config.expected, report)]))
        if not report.ok:
            failed.append(report)
    for report in failed:
        print()
        print(report)
    print(_mark_note(document))
    called = _(document.called)
    if failed:
        differ = ngettext(
            "{count} model differs from {document}",
            "{count} models differ from {document}",
            len(failed),
        )
        print(differ.format(count=len(failed), document=called), file=sys.stderr)
        return len(failed)
    match = ngettext(
        "{count} recipe matches {document}",
        "all {count} recipes match {document}",
        len(recipes),
    )
    print(match.format(count=len(recipes), document=called))
    return 0


def _cmd_diagrams(args: argparse.Namespace) -> int:
    from keras_recipes.fonts import FontMissingError
    from keras_recipes.plot import GraphvizMissingError, write_diagrams

    try:
        written = write_diagrams(_writable_folder(args.out), args.names or None)
    except (GraphvizMissingError, FontMissingError) as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(printable(path))
    return EXIT_OK


# Where the terminal cannot show them, the signs explain prints fall back to ASCII.
_ASCII = str.maketrans({"\u00d7": "*", "\u2212": "-", "\u2713": "ok"})


def _print_text(text: str) -> None:
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "ascii")
    except UnicodeEncodeError:
        text = text.translate(_ASCII)
    print(text)


def _cmd_explain(args: argparse.Namespace) -> int:
    from keras_recipes.explain import explain_recipe

    recipe = get_recipe(args.name)
    explanations = [
        explain_recipe(recipe.name, **c.kwargs) for c in _configurations(recipe, args.variant)
    ]
    _print_text("\n\n".join(str(e) for e in explanations))
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


def _check_writable(path: Path) -> None:
    """Raises ``UsageError`` unless image ``path`` can be written; nothing is built before this."""
    quoted = shown(path)
    if path.is_dir():
        raise UsageError(_("cannot write {path}: it is a directory").format(path=quoted))
    if path.suffix.lower() not in FORMATS:
        raise UsageError(
            _("cannot draw to {path}: use a file name ending in {formats}").format(
                path=quoted, formats=", ".join(FORMATS)
            )
        )
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            why = _("cannot write {path}: directory {folder} is not a directory")
        else:
            why = _("cannot write {path}: directory {folder} does not exist")
        raise UsageError(why.format(path=quoted, folder=shown(folder)))
    if path.exists():
        if not os.access(path, os.W_OK):
            raise UsageError(_("cannot write {path}: permission denied").format(path=quoted))
        return
    problem = folder_problem(folder)
    if problem is not None:
        raise _cannot_write(path, problem)


def _cannot_write(path: Path, why: str) -> UsageError:
    return UsageError(_("cannot write {path}: {why}").format(path=shown(path), why=why))


def _writable_folder(path: str | Path) -> Path:
    """Proves folder ``path`` writable, or creatable, before any work starts; creates nothing."""
    folder = Path(path)
    problem = folder_problem(folder)
    if problem is not None:
        raise UsageError(
            _("cannot write to folder {folder}: {why}").format(folder=shown(folder), why=problem)
        )
    return folder


def _cmd_plot(args: argparse.Namespace) -> int:
    from keras_recipes.fonts import FontMissingError
    from keras_recipes.plot import GraphvizMissingError, plot_recipe

    recipe = get_recipe(args.name)
    config = _configuration(recipe, args.variant)
    path = Path(args.output or f"{file_stem(recipe.name, config.kwargs)}.png")
    _check_writable(path)
    try:
        written = plot_recipe(recipe.name, path, **config.kwargs)
    except (GraphvizMissingError, FontMissingError) as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise _cannot_write(path, os_reason(error)) from None
    print(_("wrote {path}").format(path=printable(written)))
    return EXIT_OK


def _cmd_train(args: argparse.Namespace) -> int:
    from keras_recipes import train as training
    from keras_recipes.data import DataUnavailableError

    recipe = get_recipe(args.name)
    kwargs: dict[str, Any] = dict(_configuration(recipe, args.variant).kwargs)
    if args.input_shape is not None:
        kwargs["input_shape"] = args.input_shape
    out = _writable_folder(
        args.out if args.out is not None else training.default_out_dir(recipe, kwargs)
    )
    try:
        result = training.train(
            recipe.name,
            epochs=args.epochs,
            samples=args.samples,
            source=args.source,
            out_dir=out,
            batch_size=args.batch_size,
            seed=args.seed,
            distribute=args.distribute,
            **kwargs,
        )
    except (ValueError, DataUnavailableError) as error:
        raise UsageError(str(error)) from None
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


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = whole_number(int(value), low, high)
        except ValueError:  # not a number, or too many digits for int()
            number = None
        if number is None:
            raise argparse.ArgumentTypeError(
                _("expected a whole number from {low} to {high}, got {value}").format(
                    low=low, high=high, value=shown(value)
                )
            )
        return number

    return parse


def _shape(value: str) -> tuple[int, ...]:
    try:
        dims = tuple(int(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected whole numbers separated by commas, e.g. 28,28; got {value}").format(
                value=shown(value)
            )
        ) from None
    if not all(1 <= d <= MAX_COUNT for d in dims):
        raise argparse.ArgumentTypeError(
            _("every dimension must be a whole number from 1 to {high}, got {value}").format(
                high=MAX_COUNT, value=shown(value)
            )
        )
    return dims


def _not_empty(what: str) -> Callable[[str], str]:
    """A parser refusing an empty value; ``what`` (marked with ``N_``) is what it names."""

    def parse(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(
                _("expected {what}, got {value}").format(what=_(what), value=shown(value))
            )
        return value

    return parse


# Options whose values may start with '-': argparse takes "-1,28" for an
# option and says "expected one argument"; joined as "--input-shape=-1,28",
# the value reaches the option's own check and its message.
_VALUE_OPTIONS = ("--input-shape", "--epochs", "--samples", "--batch-size", "--seed")


def _join_values(argv: Sequence[str]) -> list[str]:
    joined: list[str] = []
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token == "--":
            joined += [token, *rest]
            break
        if token in _VALUE_OPTIONS and rest and re.match(r"-[\d.,]", rest[0]):
            token = f"{token}={rest.pop(0)}"
        joined.append(token)
    return joined


# ---------------------------------------------------------------- parser

Command = Callable[[argparse.Namespace], int]


def _add_lang(parser: argparse.ArgumentParser) -> None:
    # On the command and on each subcommand, so it may come before or after the
    # command's name; SUPPRESS keeps a subcommand from undoing the command's.
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_(
            "language of the output; default: zh-TW where LC_ALL, LC_MESSAGES or LANG "
            "starts with zh_TW, else en"
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    """The command's parser, its help in the current language."""
    parser = _Parser(
        prog="keras-recipes",
        description=_(
            "The models of a Keras functional-API tutorial and of the Keras guide, on Keras 3."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show program's version number and exit"),
    )
    _add_lang(parser)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    commands.required = True

    def add(name: str, run: Command, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        _add_lang(sub)
        return sub

    add(
        "list",
        _cmd_list,
        _("list the recipes by document: their sections, variants and totals"),
    )

    def add_name(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "name", type=_recipe_name, metavar=_("NAME"), help=_("a recipe name (see 'list')")
        )

    def add_variant(sub: argparse.ArgumentParser, help: str) -> None:
        sub.add_argument("--variant", metavar="LABEL", help=help)

    def add_names(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "names", nargs="*", type=_recipe_name, metavar=_("NAME"), help=_("default: all")
        )

    sub = add("summary", _cmd_summary, _("build a recipe and print its Keras 3 summary"))
    add_name(sub)
    add_variant(sub, _("summarize a variant of the recipe, e.g. flatten=True (see 'list')"))

    sub = add(
        "verify", _cmd_verify, _("check recipes against what their documents printed, row by row")
    )
    add_names(sub)
    add_variant(
        sub,
        _("with one NAME: check only a variant of the recipe, e.g. flatten=True (see 'list')"),
    )

    sub = add("diagrams", _cmd_diagrams, _("draw recipes to PNG, layer names and shapes shown"))
    add_names(sub)
    sub.add_argument(
        "--out",
        type=_not_empty(N_("a folder name")),
        default="diagrams",
        metavar="DIR",
        help=_("folder to write to (default: diagrams)"),
    )

    sub = add("plot", _cmd_plot, _("draw a recipe's layers with their shapes (needs Graphviz)"))
    add_name(sub)
    sub.add_argument(
        "-o",
        "--output",
        type=_not_empty(N_("a file name")),
        metavar="FILE",
        help=_(
            "image to write ({formats}); default NAME.png, or with --variant "
            "e.g. cnn-flatten=True.png, in the current folder"
        ).format(formats=", ".join(FORMATS)),
    )
    add_variant(sub, _("draw a variant of the recipe, e.g. flatten=True (see 'list')"))

    sub = add("explain", _cmd_explain, _("work out each layer's output shape and parameter count"))
    add_name(sub)
    add_variant(sub, _("explain only a variant of the recipe, e.g. flatten=True (see 'list')"))

    sub = add(
        "train", _cmd_train, _("fit a recipe on handwritten digits and report its test accuracy")
    )
    add_name(sub)
    sub.add_argument(
        "--epochs",
        type=_whole_number(1, MAX_COUNT),
        metavar="N",
        help=_(
            "default: {epochs}, or {long_epochs} for inputs of more than {steps} time steps"
        ).format(epochs=EPOCHS, long_epochs=LONG_SEQUENCE_EPOCHS, steps=LONG_SEQUENCE),
    )
    sub.add_argument(
        "--samples",
        type=_whole_number(1, MAX_COUNT),
        metavar="N",
        help=_("training samples; default: all"),
    )
    sub.add_argument(
        "--batch-size",
        type=_whole_number(1, MAX_COUNT),
        default=BATCH_SIZE,
        metavar="N",
        help=_("default: %(default)s"),
    )
    sub.add_argument(
        "--seed",
        type=_whole_number(0, MAX_SEED),
        default=0,
        metavar="N",
        help=_("0 to {high}; default: 0").format(high=MAX_SEED),
    )
    sub.add_argument(
        "--source",
        choices=SOURCES,
        default="digits",
        help=_(
            "digits: scikit-learn's, offline (default); mnist: downloaded or cached, "
            "else the digits"
        ),
    )
    sub.add_argument(
        "--out",
        type=_not_empty(N_("a folder name")),
        metavar="DIR",
        help=_("for history.json and curves.png; default: runs/NAME"),
    )
    sub.add_argument("--distribute", choices=DISTRIBUTE, help=_("train under MirroredStrategy"))
    add_variant(sub, _("train a variant of the recipe, e.g. flatten=True (see 'list')"))
    sub.add_argument(
        "--input-shape",
        type=_shape,
        metavar="DIMS",
        help=_("builder's input_shape, e.g. 28,28"),
    )
    return parser


def _language_asked(argv: Sequence[str]) -> str | None:
    """The language ``--lang`` names, looked for before parsing: argparse's own
    messages, and the help, must already speak it. A value argparse will refuse
    is left to it."""
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif token.startswith("--lang="):
            value = token.removeprefix("--lang=")
        else:
            continue
        if value in LANGUAGES:
            return value
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command on ``argv`` (default: the program's arguments).

    Args:
        argv: the arguments after the program name; ``None`` when run as the
            ``keras-recipes`` program itself.

    Returns:
        The exit code: 0 ok, 1 a mismatch, 2 a usage or environment error
        (see the module's docstring for the rest).
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = _language_asked(arguments) or i18n.language_from_environment()
    try:
        with i18n.language(chosen):
            _show_what_the_terminal_cannot()
            return _run(arguments, program=argv is None)
    except i18n.CatalogMissingError as error:
        # Said in English: the catalogue that would translate it is the one missing.
        print(f"keras-recipes: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _show_what_the_terminal_cannot() -> None:
    """Writes characters an output cannot encode (Chinese to an ASCII pipe) as escapes.

    The command's text is no reason to end in a traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            _("OK").encode(encoding)
        except UnicodeEncodeError:
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


def _run(arguments: list[str], program: bool) -> int:
    try:
        try:
            with _argparse_in_our_language():
                args = build_parser().parse_args(_join_values(arguments))
        except SystemExit as done:  # --help and --version, printed
            sys.stdout.flush()
            return int(done.code or 0)
        with _ctrl_c_ends_at_once() if program else contextlib.nullcontext():
            code = int(args.run(args))
        sys.stdout.flush()  # a full disk is said now, not lost at exit
        return code
    except (UsageError, ValueError, ArithmeticError) as error:
        # ValueError: a builder, train() or the registry refusing an argument.
        return _usage_error(str(error), arguments)
    except MemoryError as error:
        if str(error):
            return _usage_error(_("out of memory: {error}").format(error=error), arguments)
        return _usage_error(_("out of memory"), arguments)
    except KeyboardInterrupt:
        print(_("keras-recipes: interrupted"), file=sys.stderr)
        if program:  # the program itself, not a caller of main()
            _end_interrupted()
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`| head`): nothing to report.
        _discard_output()
        return EXIT_BROKEN_PIPE
    except OSError as error:  # e.g. the disk filled up while writing
        if program:
            _discard_output()
        reason = os_reason(error)
        where = f" ({shown(Path(error.filename))})" if error.filename else ""
        return _usage_error(f"{reason}{where}", arguments)
    except Exception as error:
        refusal = _tensorflow_refusal(error)
        if refusal is None:
            raise
        return _usage_error(refusal, arguments)


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


def _end_interrupted() -> None:
    """Ends the program with exit status 130 now, without tearing the interpreter down.

    An interrupted fit can leave TensorFlow's threads running into that
    teardown; and once a KeyboardInterrupt has passed through code that
    ``exec()`` or ``eval()`` ran from a string (how dataclasses and namedtuples
    are made), ``python -m`` ends itself by SIGINT after it, whatever status
    main() returned.
    """
    # RuntimeError: called from a signal handler while the main thread was writing.
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(130)


@contextlib.contextmanager
def _ctrl_c_ends_at_once() -> Iterator[None]:
    """Ctrl-C ends the command at once: its partial files removed, one line, exit 130.

    Only for the program itself (a caller of ``main()`` keeps Python's
    KeyboardInterrupt) and only in the main thread. ``train`` puts a handler of
    its own in front of this one, which stops at the next batch; a second
    Ctrl-C reaches this one.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # Worded now: the handler must not wait on anything to say it.
    encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
    said = f"{_('keras-recipes: interrupted')}\n".encode(encoding, "backslashreplace")

    def end(signum: int, frame: Any) -> None:
        from keras_recipes.files import remove_partial_files

        remove_partial_files()
        os.write(2, said)
        _end_interrupted()

    previous = signal.signal(signal.SIGINT, end)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _tensorflow_refusal(error: Exception) -> str | None:
    """What TensorFlow refused to run (out of memory, say), or None for any other error."""
    tf = sys.modules.get("tensorflow")  # never imported just to look
    if tf is None or not isinstance(error, tf.errors.OpError):
        return None
    # The first line, without the op's "{{function_node ...}}" prefix and device path.
    text = re.sub(r"\{\{.*?\}\}", "", str(error.message or error)).strip()
    first = text.splitlines()[0].split(" on /job:")[0] if text else type(error).__name__
    if isinstance(error, tf.errors.ResourceExhaustedError):
        return _("out of memory in TensorFlow: {error}").format(error=first)
    return _("TensorFlow could not run it: {error}").format(error=first)


if __name__ == "__main__":
    sys.exit(main())
