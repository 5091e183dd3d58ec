"""The language the teaching text is printed in: English, or Traditional Chinese (zh-TW).

Every sentence a person reads goes through ``_`` (or ``ngettext``), which looks it up in the
gettext catalogue of the chosen language. The catalogues are kept as ``.po`` files under
``keras_recipes/locale/`` and compiled to ``.mo`` when the package is built or installed.
Layer names, layer types and numbers are printed as Keras prints them, in every language.

The language is chosen, first to last: ``set_language()`` (the command's ``--lang``), then
the locale variables ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (``zh_TW...`` picks zh-TW),
else English.
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
DOMAIN = "keras_recipes"
LOCALE_DIR = Path(__file__).parent / "locale"

# POSIX order: the first of these that is set and not empty names the locale.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class CatalogMissingError(RuntimeError):
    """A language whose compiled catalogue is not installed."""


def _gettext_name(language: str) -> str:
    return language.replace("-", "_")  # zh-TW -> zh_TW, as gettext names its folders


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``"zh-TW"`` when the locale variables name a Taiwanese locale, else ``"en"``."""
    environ = os.environ if environ is None else environ
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return "zh-TW" if value.startswith("zh_TW") else ENGLISH
    return ENGLISH


def _catalogue(language: str) -> gettext.NullTranslations:
    if language == ENGLISH:  # the source strings are English
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[_gettext_name(language)])
    except FileNotFoundError:
        raise CatalogMissingError(
            f"the {language} message catalogue is not compiled in {LOCALE_DIR}; "
            f"reinstall the package (make verify, or pip install -e .) to build it"
        ) from None


def _normal(language: str) -> str:
    for known in LANGUAGES:
        if language.replace("_", "-").lower() == known.lower():
            return known
    raise ValueError(
        _("set_language(): language={value} is not usable: expected one of {choices}").format(
            value=shown(language), choices=", ".join(LANGUAGES)
        )
    )


_language = language_from_environment()
_translations: gettext.NullTranslations | None = None


def get_language() -> str:
    """The language text is printed in now: ``"en"`` or ``"zh-TW"``."""
    return _language


def set_language(language: str) -> None:
    """Prints the package's teaching text, tables and errors in ``language`` from now on.

    Args:
        language: ``"en"`` or ``"zh-TW"`` (``"zh_TW"`` is taken too).

    Raises:
        ValueError: another language.
        CatalogMissingError: the language's catalogue was not compiled.
    """
    global _language, _translations
    wanted = _normal(language)
    translations = _catalogue(wanted)  # fails before anything changes
    _language, _translations = wanted, translations


@contextmanager
def language(name: str) -> Iterator[None]:
    """``with language("zh-TW"):`` prints in that language inside the block only.

    Raises:
        ValueError: another language.
        CatalogMissingError: the language's catalogue was not compiled.
    """
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


# Characters of a value that a message quotes: a value typed or passed by mistake can be huge.
SHOWN = 80
# A file name is quoted whole up to this length: real ones are often longer than 80.
PATH_SHOWN = 250


def shown(value: object, *, quoted: bool = True, limit: int = SHOWN) -> str:
    """``value`` as a message quotes it: its ``repr``, cut to about 80 characters, with its length.

    ``'xxxxxxxx...' (100,000 characters)``. ``quoted=False`` shows a string
    without quotes, a file name's undecodable bytes escaped (``\\xff``). A file
    name (``os.PathLike``) is shown whole up to ``PATH_SHOWN`` characters.
    """
    if isinstance(value, os.PathLike):
        value, limit = os.fspath(value), max(limit, PATH_SHOWN)
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
    """Why the system refused, in the current language: ``strerror`` looked up in the catalogue
    (one of ``_OS_REASONS``), else as the system says it."""
    strerror = getattr(error, "strerror", None)
    return _(strerror) if strerror else str(error)


def N_(message: str) -> str:  # gettext's name for it
    """Marks ``message`` for the catalogue without translating it yet (module constants).

    Translate it where it is shown, with ``_(CONSTANT)``, once the language is chosen.
    """
    return message


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
