"""The language the package prints in: English, or Traditional Chinese (zh-TW).

Every sentence a person reads goes through ``_`` (or ``ngettext``): gettext, with the
catalogues in ``locale/`` (``.po``, compiled to ``.mo`` on install). The language is, first
to last: ``set_language()`` (the command's ``--lang``), the locale (``LANG=zh_TW.UTF-8``), English.
"""

from __future__ import annotations

import gettext
import math
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ENGLISH = "en"
LANGUAGES = (ENGLISH, "zh-TW")
LOCALE_DIR = Path(__file__).parent / "locale"


class CatalogMissingError(RuntimeError):
    """A language whose compiled catalogue is not installed."""


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``"zh-TW"`` when the locale variables name a Taiwanese locale, else ``"en"``."""
    environ = os.environ if environ is None else environ
    # POSIX order: the first of these that is set and not empty names the locale.
    locale = next(filter(None, map(environ.get, ("LC_ALL", "LC_MESSAGES", "LANG"))), "")
    return "zh-TW" if locale.startswith("zh_TW") else ENGLISH


def _catalogue(language: str) -> gettext.NullTranslations:
    if language == ENGLISH:  # the source strings are English
        return gettext.NullTranslations()
    try:  # gettext names the folder zh_TW
        return gettext.translation("keras_recipes", LOCALE_DIR, [language.replace("-", "_")])
    except FileNotFoundError:
        raise CatalogMissingError(
            f"the {language} message catalogue is not compiled in {LOCALE_DIR}; "
            f"reinstall the package (make verify, or pip install -e .) to build it"
        ) from None


_language = language_from_environment()
_translations: gettext.NullTranslations | None = None  # loaded when first needed


def get_language() -> str:
    """The language text is printed in now: ``"en"`` or ``"zh-TW"``."""
    return _language


def set_language(language: str) -> None:
    """Prints the package's text, tables and errors in ``language`` from now on: ``"en"``
    or ``"zh-TW"`` (or ``"zh_TW"``).

    Raises:
        ValueError: another language.
        CatalogMissingError: the language's catalogue was not compiled.
    """
    global _language, _translations
    wanted = {known.lower(): known for known in LANGUAGES}.get(language.replace("_", "-").lower())
    if wanted is None:
        message = _("set_language(): language={value} is not usable: expected one of {choices}")
        raise ValueError(message.format(value=shown(language), choices=", ".join(LANGUAGES)))
    translations = _catalogue(wanted)  # fails before anything changes
    _language, _translations = wanted, translations


@contextmanager
def language(name: str) -> Iterator[None]:
    """``with language("zh-TW"):`` prints in that language inside the block only."""
    global _language, _translations
    before = _language, _translations  # put back as it was, even a catalogue not loaded yet
    set_language(name)
    try:
        yield
    finally:
        _language, _translations = before


def _active() -> gettext.NullTranslations:
    global _translations
    if _translations is None:
        _translations = _catalogue(_language)
    return _translations


def _(message: str) -> str:
    """``message`` in the current language; ``""`` stays ``""`` (gettext's key for the header)."""
    return _active().gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the current language."""
    return _active().ngettext(singular, plural, count)


def N_(message: str) -> str:  # gettext's name for it
    """Marks ``message`` for the catalogue; it is translated where shown, with ``_()``."""
    return message


# Characters of a value that a message quotes: a value typed or passed by mistake can be huge.
SHOWN = 80
# A file name is quoted whole up to this length: real ones are often longer than 80.
PATH_SHOWN = 250


def shown(value: object, *, quoted: bool = True) -> str:
    """``value`` as a message quotes it: its ``repr``, cut to about 80 characters with its
    length (``'xxxxxxxx...' (100,000 characters)``); a file name (``os.PathLike``) whole up
    to ``PATH_SHOWN``. ``quoted=False`` shows a string bare, as ``printable`` does."""
    limit = SHOWN
    if isinstance(value, os.PathLike):
        value, limit = os.fspath(value), PATH_SHOWN
    if isinstance(value, int) and value.bit_length() > 4096:  # repr refuses 4,300 digits and more
        digits = int((value.bit_length() - 1) * math.log10(2)) + 1
        digits += abs(value) >= 10**digits  # the estimate is one short at a power of ten
        return _("a number of {digits} digits").format(digits=f"{digits:,}")
    text = repr(value) if quoted or not isinstance(value, str) else printable(value)
    if len(text) <= limit:
        return text
    quote = text[-1] if quoted and isinstance(value, (str, bytes)) else ""
    length = len(value) if isinstance(value, (str, bytes)) else len(text)
    return _("{start} ({length} characters)").format(
        start=f"{text[: SHOWN - 4]}...{quote}", length=f"{length:,}"
    )


def printable(text: str | os.PathLike[str]) -> str:
    """A file name as a message prints it whole: its undecodable bytes escaped (``\\xff``)."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def os_reason(error: BaseException) -> str:
    """Why the system refused, in the current language (its ``strerror``, one of those below)."""
    strerror = getattr(error, "strerror", None)
    return _(strerror) if strerror else str(error)


# The system's words for why a file, a folder or a host cannot be reached, as Python gives
# them (``strerror``), marked for the catalogue: ``os_reason`` says them in the user's language.
_OS_REASONS = (
    N_("Permission denied"),
    N_("Read-only file system"),
    N_("No space left on device"),
    N_("Operation not permitted"),
    N_("Disk quota exceeded"),
    N_("No such file or directory"),
    N_("Not a directory"),
    N_("Is a directory"),
    N_("File too large"),
    N_("File name too long"),
    N_("Input/output error"),
    N_("Connection refused"),
    N_("Network is unreachable"),
    N_("No route to host"),
    N_("Connection timed out"),
    N_("Name or service not known"),
    N_("Temporary failure in name resolution"),
)


@contextmanager
def argparse_speaking() -> Iterator[None]:
    """argparse's own words (usage, help, errors) in the current language, inside the block:
    argparse looks them up through gettext's module-level functions, pointed here at ours."""
    import argparse

    before = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = before  # type: ignore[attr-defined]


# argparse's words a user of the command can meet, marked for the catalogue.
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
    N_("ignored explicit argument %r"),
)
