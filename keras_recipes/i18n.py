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
            value=repr(language), choices=", ".join(LANGUAGES)
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


def N_(message: str) -> str:  # gettext's name for it
    """Marks ``message`` for the catalogue without translating it yet (module constants).

    Translate it where it is shown, with ``_(CONSTANT)``, once the language is chosen.
    """
    return message
