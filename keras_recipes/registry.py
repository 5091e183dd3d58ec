"""The one list of recipes: every other part of the package iterates over ``RECIPES``.

A recipe ties one model of the article to its builder, the summary the
article printed for it, and the data it takes and gives. Importing this
module does not import TensorFlow; ``Recipe.build`` does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from keras_recipes import article
from keras_recipes.article import Shape, Summary

if TYPE_CHECKING:
    import keras


@dataclass(frozen=True)
class TensorSpec:
    """One input or output of a recipe: its layer name, shape per sample, and meaning."""

    name: str
    shape: Shape
    meaning: str


@dataclass(frozen=True)
class Variant:
    """The same builder with other arguments, checked against its own summary."""

    label: str
    kwargs: Mapping[str, Any]
    expected: Summary
    why: str


@dataclass(frozen=True)
class Recipe:
    name: str
    section: str
    title: str
    builder_name: str
    expected: Summary
    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]
    variants: tuple[Variant, ...] = field(default=())

    @property
    def builder(self) -> Callable[..., keras.Model]:
        """The builder function; importing it loads TensorFlow."""
        module = importlib.import_module("keras_recipes.recipes")
        builder: Callable[..., keras.Model] = getattr(module, self.builder_name)
        return builder

    def build(self, **kwargs: Any) -> keras.Model:
        return self.builder(**kwargs)

    def configurations(self) -> tuple[Variant, ...]:
        """The recipe as the article printed it (label ``""``), then each of its variants.

        Every model the recipe stands for, with the summary it must match:
        what ``verify``, ``explain`` and the diagrams go through.
        """
        published = Variant(label="", kwargs=MappingProxyType({}), expected=self.expected, why="")
        return (published, *self.variants)


_IMAGE = "a 28x28 grayscale digit, one channel, values in [0, 1]"
_PIXELS = "a digit's 784 pixels read one per time step, row after row"
_CLASS = "probabilities of the 10 digit classes"

_ALL = (
    Recipe(
        name="sequential",
        section="1",
        title="Sequential model",
        builder_name="build_sequential",
        expected=article.SEQUENTIAL,
        inputs=(TensorSpec("input", (None, 1), "one number"),),
        outputs=(TensorSpec("output", (None, 1), "one number (a linear regression)"),),
    ),
    Recipe(
        name="mlp",
        section="3.1",
        title="Multilayer perceptron",
        builder_name="build_mlp",
        expected=article.MLP,
        inputs=(TensorSpec("input", (None, 784), "a 28x28 digit flattened to 784 values"),),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="cnn",
        section="3.2",
        title="Convolutional neural network",
        builder_name="build_cnn",
        expected=article.CNN,
        inputs=(TensorSpec("input", (None, 28, 28, 1), _IMAGE),),
        outputs=(
            TensorSpec(
                "output",
                (None, 4, 4, 10),
                "as printed: class probabilities for each cell of a 4x4 map (the erratum)",
            ),
        ),
        variants=(
            Variant(
                label="flatten=True",
                kwargs=MappingProxyType({"flatten": True}),
                expected=article.CNN_FLATTENED,
                why="the corrected classifier: one prediction per image",
            ),
        ),
    ),
    Recipe(
        name="rnn",
        section="3.3",
        title="Recurrent neural network (LSTM)",
        builder_name="build_rnn",
        expected=article.RNN,
        inputs=(TensorSpec("input", (None, 784, 1), _PIXELS),),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="shared-input",
        section="4.1",
        title="Shared input layer",
        builder_name="build_shared_input",
        expected=article.SHARED_INPUT,
        inputs=(TensorSpec("input", (None, 28, 28, 1), _IMAGE),),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="shared-feature-extractor",
        section="4.2",
        title="Shared feature extraction layer",
        builder_name="build_shared_feature_extractor",
        expected=article.SHARED_FEATURE_EXTRACTOR,
        inputs=(TensorSpec("input", (None, 784, 1), _PIXELS),),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="multi-input",
        section="5.1",
        title="Multiple inputs",
        builder_name="build_multi_input",
        expected=article.MULTI_INPUT,
        inputs=(
            TensorSpec("img_gray_bigsize", (None, 64, 64, 1), "the digit enlarged to 64x64, gray"),
            TensorSpec(
                "img_rgb_smallsize", (None, 32, 32, 3), "the same digit at 32x32, in colour"
            ),
        ),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="multi-output",
        section="5.2",
        title="Multiple outputs",
        builder_name="build_multi_output",
        expected=article.MULTI_OUTPUT,
        inputs=(TensorSpec("input", (None, 784, 1), _PIXELS),),
        outputs=(
            TensorSpec("output1", (None, 10), _CLASS),
            TensorSpec("output2", (None, 784, 10), "class probabilities at every time step"),
        ),
    ),
)

RECIPES: Mapping[str, Recipe] = MappingProxyType({r.name: r for r in _ALL})


def get_recipe(name: str) -> Recipe:
    """The recipe called ``name``; an ``UnknownRecipeError`` listing the known names otherwise."""
    try:
        return RECIPES[name]
    except KeyError:
        known = ", ".join(RECIPES)
        raise UnknownRecipeError(f"unknown recipe {name!r}; known recipes: {known}") from None


class UnknownRecipeError(KeyError, ValueError):
    """A recipe name not in ``RECIPES``; its message lists the known ones.

    Both a ``KeyError`` (a failed look-up) and a ``ValueError`` (a bad argument).
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])
