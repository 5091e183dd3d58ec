"""Keeps the message catalogues in step with the code: ``make catalog``.

Every sentence the package prints is marked in the code with ``_()`` or
``ngettext()`` (``keras_recipes/i18n.py``). This tool extracts them all with
Babel and merges them into each language's ``.po`` under
``keras_recipes/locale/``: new messages are added with an empty translation,
messages gone from the code are dropped, translations already made are kept.
Then it compiles the ``.mo`` files beside them, as an editable install does,
so the command prints the new translations at once. A translator then fills in
the empty ``msgstr`` lines; ``tests/test_i18n.py`` fails while any is empty.

    python scripts/catalog.py            # update and compile
    python scripts/catalog.py --check    # exit 1 if a .po is out of step with the code
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "keras_recipes"
LOCALE = PACKAGE / "locale"
DOMAIN = "keras_recipes"
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


def extract() -> Catalog:
    """Every marked message of the package, with the places it is used."""
    template = Catalog(project="keras-recipes", charset="UTF-8")
    found = extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("NOTE:",)
    )
    for filename, lineno, message, comments, context in found:
        where = [(f"keras_recipes/{filename}", lineno)]
        template.add(message, None, where, auto_comments=comments, context=context)
    return template


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # Without line numbers: a .po changes when a message does, not when code moves.
    write_po(out, catalog, width=100, ignore_obsolete=True, no_location=True, sort_output=True)
    return out.getvalue()


def updated(po: Path, template: Catalog) -> tuple[bytes, bytes]:
    """(the .po as it is, the .po merged with ``template``)."""
    before = po.read_bytes()
    catalog = read_po(io.BytesIO(before))
    # The header keeps its dates: a .po changes only when its messages do.
    template.creation_date = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    catalog.revision_date = catalog.creation_date
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "keras-recipes"
    return before, _text(catalog)


def compile_mo(po: Path) -> None:
    with po.open("rb") as source:
        catalog = read_po(source)
    with po.with_suffix(".mo").open("wb") as target:
        write_mo(target, catalog)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether a .po is stale")
    args = parser.parse_args(argv)
    template = extract()
    stale = []
    for po in catalogues():
        before, after = updated(po, template)
        if before != after:
            stale.append(po)
            if not args.check:
                po.write_bytes(after)
        if not args.check:
            compile_mo(po)
    for po in stale:
        verb = "is out of step with the code" if args.check else "updated"
        print(f"{po.relative_to(ROOT)}: {verb}", file=sys.stderr if args.check else sys.stdout)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
