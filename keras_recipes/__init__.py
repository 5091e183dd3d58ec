"""keras_recipes: the models of a Keras functional-API tutorial and of the Keras guide, on Keras 3.

Importing it is cheap: builders and checker load TensorFlow on first use. It keeps
TensorFlow's start-up log out of sight for whoever imports TensorFlow or Keras next (see
``_quiet``). It speaks English, or Traditional Chinese under a ``zh_TW`` locale or after
``set_language("zh-TW")``; ``with language("zh-TW"):`` switches for a block only.
"""

from __future__ import annotations

import importlib
from typing import Any

from keras_recipes import _quiet
from keras_recipes.i18n import get_language, language, set_language
from keras_recipes.parse import SummaryTextError, parse_summary
from keras_recipes.registry import (
    DOCUMENTS,
    RECIPES,
    Configuration,
    Document,
    Recipe,
    TensorSpec,
    UnknownRecipeError,
    UnknownVariantError,
    get_recipe,
)
from keras_recipes.summary import Row, Summary, SummaryDataError, summary_from_dict

__version__ = "0.1.0"

_quiet.install()

# Public name -> module that defines it, imported when first asked for.
_LAZY = {
    **{recipe.builder_name: recipe.document.module for recipe in RECIPES.values()},
    **dict.fromkeys(["check", "check_recipe", "Report"], "keras_recipes.checker"),
    **dict.fromkeys(
        ["plot_recipe", "write_diagrams", "GraphvizMissingError"], "keras_recipes.plot"
    ),
    **dict.fromkeys(["explain_model", "explain_recipe"], "keras_recipes.explain"),
    "read_rows": "keras_recipes.graph",
    "FontMissingError": "keras_recipes.fonts",
}

__all__ = [
    "DOCUMENTS",
    "RECIPES",
    "Configuration",
    "Document",
    "Recipe",
    "Row",
    "Summary",
    "SummaryDataError",
    "SummaryTextError",
    "TensorSpec",
    "UnknownRecipeError",
    "UnknownVariantError",
    "get_language",
    "get_recipe",
    "language",
    "parse_summary",
    "set_language",
    "summary_from_dict",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'keras_recipes' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
