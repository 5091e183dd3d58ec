"""The ``keras-recipes`` command.

Exit codes: 0 ok, 1 a model differs from the article, 2 a usage or
environment error (one line on stderr, no traceback). TensorFlow is imported
only by the subcommands that build models.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from keras_recipes.data import SOURCES
from keras_recipes.registry import RECIPES, UnknownRecipeError, get_recipe
from keras_recipes.train import BATCH_SIZE, DISTRIBUTE, EPOCHS, LONG_SEQUENCE_EPOCHS

EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called, or a missing system piece: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse prints the whole usage block; one line says it.
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _recipe_name(value: str) -> str:
    try:
        return get_recipe(value).name
    except UnknownRecipeError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# ---------------------------------------------------------------- commands


def _cmd_list(args: argparse.Namespace) -> int:
    width = max(len(name) for name in RECIPES)
    for recipe in RECIPES.values():
        total = f"{recipe.expected.total:,}" + (" *" if not recipe.expected.printed else "")
        print(
            f"{recipe.name:<{width}}  {recipe.section:<4} {recipe.title:<32} "
            f"{recipe.builder_name}()  article total {total}"
        )
    print("* not printed by the article: derived here")
    return EXIT_OK


def _cmd_summary(args: argparse.Namespace) -> int:
    model = get_recipe(args.name).build()
    model.summary()
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from keras_recipes.checker import check

    names = args.names or list(RECIPES)
    failed = []
    width = max(len(n) for n in RECIPES) + 16
    print(f"{'recipe':<{width}} {'article':>10} {'Keras 3':>10} {'rows':>7}  result")
    for name in names:
        recipe = get_recipe(name)
        for config in recipe.configurations():
            label = f"  {recipe.name} {config.label}" if config.label else recipe.name
            expected = config.expected
            report = check(recipe.build(**config.kwargs), expected)
            mark = "" if expected.printed else " *"
            result = "OK" if report.ok else "MISMATCH"
            print(
                f"{label:<{width}} {report.expected_total:>10,}{mark:<2}"
                f"{report.actual_total:>8,} {report.matched:>3}/{report.expected_rows:<3}  {result}"
            )
            if not report.ok:
                failed.append(report)
    for report in failed:
        print()
        print(report)
    print("* not printed by the article: derived here")
    if failed:
        print(f"{len(failed)} model(s) differ from the article", file=sys.stderr)
        return EXIT_MISMATCH
    print(f"all {len(names)} recipe(s) match the article")
    return EXIT_OK


def _cmd_diagrams(args: argparse.Namespace) -> int:
    from keras_recipes.plot import GraphvizMissingError, write_diagrams

    try:
        written = write_diagrams(_output_folder(args.out), args.names or None)
    except GraphvizMissingError as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(path)
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
    explanations = [explain_recipe(recipe.name, **c.kwargs) for c in recipe.configurations()]
    _print_text("\n\n".join(str(e) for e in explanations))
    wrong = [e.title for e in explanations if not e.ok]
    if wrong:
        print(
            f"our arithmetic and Keras 3 disagree on {len(wrong)} model(s): see MISMATCH rows",
            file=sys.stderr,
        )
        return EXIT_MISMATCH
    return EXIT_OK


# The formats `plot` offers; plot_recipe() itself also writes .svg (see plot.FORMATS).
_IMAGE_SUFFIXES = (".png", ".pdf", ".jpg", ".jpeg")


def _check_writable(path: Path) -> None:
    """Raises ``UsageError`` unless ``path`` can be written; nothing is built before this."""
    if path.is_dir():
        raise UsageError(f"cannot write {str(path)!r}: it is a directory")
    if path.suffix.lower() not in _IMAGE_SUFFIXES:
        raise UsageError(
            f"cannot draw to {str(path)!r}: use a file name ending in {', '.join(_IMAGE_SUFFIXES)}"
        )
    folder = path.parent
    if not folder.is_dir():
        what = "is not a directory" if folder.exists() else "does not exist"
        raise UsageError(f"cannot write {str(path)!r}: directory {str(folder)!r} {what}")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise UsageError(f"cannot write {str(path)!r}: permission denied")
        return
    _trial_write(folder, what=repr(str(path)))


def _trial_write(folder: Path, what: str) -> None:
    try:  # a trial file says more than os.access (read-only mounts, root)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise UsageError(f"cannot write {what}: {error.strerror or error}") from None


def _output_folder(path: str | Path) -> Path:
    """Creates folder ``path`` if needed and proves it writable, before any work starts."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"cannot write to folder {str(folder)!r}: {error.strerror or error}"
        ) from None
    _trial_write(folder, what=f"to folder {str(folder)!r}")
    return folder


def _cmd_plot(args: argparse.Namespace) -> int:
    from keras_recipes.plot import GraphvizMissingError, plot_recipe

    recipe = get_recipe(args.name)
    path = Path(args.output) if args.output else Path(f"{recipe.name}.png")
    _check_writable(path)
    try:
        written = plot_recipe(recipe.name, path)
    except GraphvizMissingError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot write {str(path)!r}: {error.strerror or error}") from None
    print(f"wrote {written}")
    return EXIT_OK


def _cmd_train(args: argparse.Namespace) -> int:
    from keras_recipes import train as training
    from keras_recipes.data import DataUnavailableError

    recipe = get_recipe(args.name)
    kwargs: dict[str, Any] = {}
    if args.variant is not None:
        labels = [v.label for v in recipe.variants]
        if args.variant not in labels:
            known = ", ".join(labels) or "none"
            raise UsageError(
                f"recipe {recipe.name!r} has no variant {args.variant!r}; its variants: {known}"
            )
        kwargs.update(next(v for v in recipe.variants if v.label == args.variant).kwargs)
    if args.input_shape is not None:
        kwargs["input_shape"] = args.input_shape
    out = _output_folder(
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
    print("wrote " + ", ".join(str(path) for path in result.files))
    return EXIT_OK


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def _shape(value: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected whole numbers separated by commas, e.g. 28,28; got {value!r}"
        ) from None


# ---------------------------------------------------------------- parser

Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="keras-recipes",
        description="The models of a Keras functional-API tutorial, rebuilt on Keras 3.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def add(name: str, run: Command, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    add("list", _cmd_list, "list the recipes, their article sections and printed totals")

    sub = add("summary", _cmd_summary, "build a recipe and print its Keras 3 summary")
    sub.add_argument("name", type=_recipe_name, help="a recipe name (see 'list')")

    sub = add("verify", _cmd_verify, "check recipes against the article, row by row")
    sub.add_argument("names", nargs="*", type=_recipe_name, metavar="NAME", help="default: all")

    sub = add("diagrams", _cmd_diagrams, "draw recipes to PNG, layer names and shapes shown")
    sub.add_argument("names", nargs="*", type=_recipe_name, metavar="NAME", help="default: all")
    sub.add_argument("--out", default="diagrams", help="folder to write to (default: diagrams)")

    sub = add("plot", _cmd_plot, "draw a recipe's layers with their shapes (needs Graphviz)")
    sub.add_argument("name", type=_recipe_name, help="a recipe name (see 'list')")
    sub.add_argument(
        "-o", "--output", metavar="FILE", help="image to write (.png, .pdf, .jpg); default NAME.png"
    )

    sub = add("explain", _cmd_explain, "work out each layer's output shape and parameter count")
    sub.add_argument("name", type=_recipe_name, help="a recipe name (see 'list')")

    sub = add(
        "train", _cmd_train, "fit a recipe on handwritten digits and report its test accuracy"
    )
    sub.add_argument("name", type=_recipe_name, help="a recipe name (see 'list')")
    sub.add_argument(
        "--epochs",
        type=_positive_int,
        metavar="N",
        help=f"default: {EPOCHS}, or {LONG_SEQUENCE_EPOCHS} for sequences of 784 steps",
    )
    sub.add_argument(
        "--samples", type=_positive_int, metavar="N", help="training samples; default: all"
    )
    sub.add_argument(
        "--batch-size",
        type=_positive_int,
        default=BATCH_SIZE,
        metavar="N",
        help="default: %(default)s",
    )
    sub.add_argument("--seed", type=int, default=0, metavar="N", help="default: 0")
    sub.add_argument(
        "--source",
        choices=SOURCES,
        default="digits",
        help="digits: scikit-learn's, offline (default); mnist: downloaded or cached, "
        "else the digits",
    )
    sub.add_argument(
        "--out", metavar="DIR", help="for history.json and curves.png; default: runs/NAME"
    )
    sub.add_argument("--distribute", choices=DISTRIBUTE, help="train under MirroredStrategy")
    sub.add_argument(
        "--variant", metavar="LABEL", help="a variant of the recipe, e.g. flatten=True"
    )
    sub.add_argument(
        "--input-shape", type=_shape, metavar="DIMS", help="builder's input_shape, e.g. 28,28"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command on ``argv`` (default: the program's arguments).

    Args:
        argv: the arguments after the program name; ``None`` when run as the
            ``keras-recipes`` program itself.

    Returns:
        The exit code: 0 ok, 1 a mismatch, 2 a usage or environment error.
    """
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args))
    except UsageError as error:
        print(f"keras-recipes: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("keras-recipes: interrupted", file=sys.stderr)
        return 130
    except OSError as error:  # e.g. the disk filled up while writing
        where = f" ({error.filename})" if error.filename else ""
        print(f"keras-recipes: error: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
