"""keras_recipes: the models of a Keras functional-API tutorial and of the Keras guide, on Keras 3.

Importing the package is cheap: the builders and the checker load TensorFlow
on first use, so ``keras-recipes list`` answers at once. It also keeps
TensorFlow's start-up log out of sight for whoever imports TensorFlow or Keras
next (see ``_quiet``), without importing it.

Tables, explanations and errors speak English, or Traditional Chinese under a
``zh_TW`` locale (``LANG=zh_TW.UTF-8``) or after ``set_language("zh-TW")``;
``with language("zh-TW"):`` switches for a block only (see ``i18n``).
"""

from __future__ import annotations

import importlib
from typing import Any

from keras_recipes import _quiet
from keras_recipes.i18n import get_language, language, set_language
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
    "check": "keras_recipes.checker",
    "check_recipe": "keras_recipes.checker",
    "read_rows": "keras_recipes.graph",
    "Report": "keras_recipes.checker",
    "plot_recipe": "keras_recipes.plot",
    "write_diagrams": "keras_recipes.plot",
    "GraphvizMissingError": "keras_recipes.plot",
    "FontMissingError": "keras_recipes.fonts",
    "explain_model": "keras_recipes.explain",
    "explain_recipe": "keras_recipes.explain",
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
    "TensorSpec",
    "UnknownRecipeError",
    "UnknownVariantError",
    "get_language",
    "get_recipe",
    "language",
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
