"""The one list of recipes: every other part of the package iterates over ``RECIPES``.

A recipe ties one model of a source document (the article, or the Keras
guide: ``DOCUMENTS``) to its builder, the summary the document printed for
it, and the data it takes and gives. Each model a recipe stands for, as
printed or as a variant, is a ``Configuration``, which also says whether one
label per image can train it (the rule: ``untrainable``). Importing this
module does not import TensorFlow; ``Recipe.build`` does.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from keras_recipes import article, guide
from keras_recipes._build import COMPILE_OPTIONS
from keras_recipes.i18n import N_, _, shown
from keras_recipes.summary import Shape, Summary

if TYPE_CHECKING:
    import keras


@dataclass(frozen=True)
class Document:
    """A source of recipes: a text that builds models and prints their summaries.

    The registry owns the documents (``DOCUMENTS``); each recipe names the one
    it comes from. Texts are marked for the message catalogue and translated
    where they are shown.
    """

    # One word, heading the document's figures in tables ("article total").
    name: str
    # The document in a sentence ("matches the article").
    called: str
    # What the document is: the heading of its recipes in ``list``.
    title: str
    # Where its figures come from.
    figures: str
    # A section of it, cited: ``{section}`` is the recipe's ``section``.
    section: str
    # A section as ``list`` shows it: a number, or a heading in the document's words, quoted.
    section_shown: str
    # The module holding its recipes' builders.
    module: str


ARTICLE = Document(
    name=N_("article"),
    called=N_("the article"),
    title=N_(
        'the article: "How to Use the Keras Functional API for Deep Learning", in a '
        "Traditional-Chinese translation"
    ),
    figures=N_("summaries printed by Keras 2.2.4"),
    section=N_("article section {section}"),
    section_shown="{section}",
    module="keras_recipes.recipes",
)
GUIDE = Document(
    name=N_("guide"),
    called=N_("the guide"),
    title=N_('the guide: "The Functional API", a guide on keras.io'),
    figures=N_("summaries printed by Keras 3"),
    section=N_('guide section "{section}"'),
    section_shown='"{section}"',
    module="keras_recipes.guide_recipes",
)
DOCUMENTS: Mapping[str, Document] = MappingProxyType({d.name: d for d in (ARTICLE, GUIDE)})


# What ``train`` fits a recipe's output to, on handwritten digits (``Recipe.fits``).
LABELS = "labels"  # the digit's label, for every output: a classifier
IMAGES = "images"  # the digit itself: a model that rebuilds its input (the autoencoder)


@dataclass(frozen=True)
class TensorSpec:
    """One input or output of a recipe: its layer name, shape per sample, and meaning."""

    name: str
    shape: Shape
    meaning: str


def argument_text(value: Any) -> str:
    """A builder argument as the command takes it back: ``(28, 28)`` -> ``28,28``."""
    if isinstance(value, (tuple, list)):
        return ",".join(str(v) for v in value)
    return str(value)


def label(kwargs: Mapping[str, Any]) -> str:
    """Builder arguments as one typeable label: ``flatten=True``, ``input_shape=28,28``.

    The one place arguments become text: ``verify``, ``explain``, ``plot``,
    ``train``, its run folders and the benchmarks all show this form, and
    ``--variant`` takes it back. ``""`` for no arguments.
    """
    return " ".join(f"{key}={argument_text(value)}" for key, value in kwargs.items())


def title(name: str, kwargs: Mapping[str, Any]) -> str:
    """A recipe and its arguments, as reports and run results are headed: ``cnn flatten=True``."""
    return " ".join(filter(None, (name, label(kwargs))))


def file_stem(name: str, kwargs: Mapping[str, Any]) -> str:
    """A recipe and its arguments as a file or folder name: ``cnn-flatten=True``."""
    return "-".join([name, *label(kwargs).split()])


def shape_text(shape: Shape) -> str:
    """``(None, 4, 4, 10)``, as a summary prints it (no trailing comma for one axis)."""
    return "(" + ", ".join(str(d) for d in shape) + ")"


def untrainable(inputs: Sequence[TensorSpec], outputs: Sequence[TensorSpec]) -> str | None:
    """Why a model with these inputs and outputs cannot be fitted to one label per image.

    An output (None, classes) predicts once per image. An output (None, steps,
    classes) over a sequence input of as many steps predicts once per step,
    each step scored against the image's label. Any other output predicts once
    per cell of a map, and no label per image fits it: the article's CNN as
    printed, whose Dense layers act on each cell of its 4x4 pooled map.

    Args:
        inputs: the model's inputs, with the batch axis.
        outputs: the model's outputs, with the batch axis.

    Returns:
        None when every output takes the image's label, else why not, in the
        current language, e.g. ``outputs (None, 4, 4, 10): one prediction per
        4x4 cell, not per image; per-image labels of shape (N,) cannot be fitted``.
    """
    shape = untrainable_output(inputs, outputs)
    if shape is None:
        return None
    return _(
        "outputs {shape}: one prediction per {cells} cell, not per image; per-image labels of "
        "shape (N,) cannot be fitted"
    ).format(**untrainable_fields(shape))


def untrainable_output(inputs: Sequence[TensorSpec], outputs: Sequence[TensorSpec]) -> Shape | None:
    """The shape of the first output no per-image label fits (the rule of ``untrainable``)."""
    steps = {spec.shape[1] for spec in inputs if len(spec.shape) == 3}
    for spec in outputs:
        shape = tuple(spec.shape)
        if len(shape) == 2 or (len(shape) == 3 and shape[1] is not None and shape[1] in steps):
            continue
        return shape
    return None


def untrainable_fields(shape: Shape) -> dict[str, str]:
    """The placeholders ``{shape}`` and ``{cells}`` of a refusal to train an output of ``shape``.

    Each caller says the refusal as a whole sentence of its own (``a model that
    outputs {shape}: ...``), so a translation orders its words freely.
    """
    return {"shape": shape_text(shape), "cells": "x".join(str(d) for d in shape[1:-1])}


@dataclass(frozen=True)
class Configuration:
    """One model a recipe stands for: as its document printed it, or a registered variant.

    Each configuration is the recipe's builder called with ``kwargs``, the
    summary that model must match, and the model's inputs and outputs, from
    which the registry answers whether it can be trained (``untrainable``).
    A variant declares only the tensors it changes; its recipe fills in the rest.
    """

    kwargs: Mapping[str, Any]
    expected: Summary
    why: str
    inputs: tuple[TensorSpec, ...] = ()
    outputs: tuple[TensorSpec, ...] = ()

    @property
    def label(self) -> str:
        """``""`` for the printed model, else e.g. ``flatten=True``."""
        return label(self.kwargs)

    @property
    def published(self) -> bool:
        return not self.kwargs

    @property
    def untrainable(self) -> str | None:
        """Why this model cannot be fitted to one label per image, or None (see ``untrainable``)."""
        return untrainable(self.inputs, self.outputs)

    @property
    def trainable(self) -> bool:
        """Whether this model can be fitted to one label per image (one number in: to a line)."""
        return self.untrainable is None


@dataclass(frozen=True)
class Recipe:
    """One model of a document: its builder, its printed summary, its inputs and outputs.

    ``variants`` are the same builder with other arguments (the corrected CNN),
    each checked against a summary of its own. ``fits`` says what ``train``
    fits the model to (``LABELS`` or ``IMAGES``), or None for a model no digit
    trains, ``not_fitted`` then saying why.
    """

    name: str
    document: Document
    section: str
    title: str
    builder_name: str
    expected: Summary
    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]
    variants: tuple[Configuration, ...] = field(default=())
    fits: str | None = LABELS
    not_fitted: str = ""

    def __post_init__(self) -> None:
        if (self.fits is None) != bool(self.not_fitted) or self.fits not in (LABELS, IMAGES, None):
            raise ValueError(f"recipe {self.name}: fits={self.fits!r} needs not_fitted iff None")
        # A variant that leaves the inputs or outputs as printed shares the recipe's.
        complete = tuple(
            replace(v, inputs=v.inputs or self.inputs, outputs=v.outputs or self.outputs)
            for v in self.variants
        )
        object.__setattr__(self, "variants", complete)  # frozen: set once, here

    @property
    def builder(self) -> Callable[..., keras.Model]:
        """The builder function; importing it loads TensorFlow."""
        module = importlib.import_module(self.document.module)
        builder: Callable[..., keras.Model] = getattr(module, self.builder_name)
        return builder

    def build(self, **kwargs: Any) -> keras.Model:
        return self.builder(**kwargs)

    def configurations(self) -> tuple[Configuration, ...]:
        """The recipe as its document printed it (label ``""``), then each of its variants.

        Every model the recipe stands for, with the summary it must match:
        what ``verify``, ``explain`` and the diagrams go through.
        """
        published = Configuration(
            kwargs=MappingProxyType({}),
            expected=self.expected,
            why=N_("as its document printed it"),
            inputs=self.inputs,
            outputs=self.outputs,
        )
        return (published, *self.variants)

    def trainable_configuration(self) -> Configuration | None:
        """The first configuration ``train`` can fit: as printed, else a variant (the CNN's).

        None for a recipe no digit trains (``fits`` is None). A model that rebuilds
        its input trains as printed.
        """
        if self.fits is None:
            return None
        if self.fits == IMAGES:
            return self.configurations()[0]
        return next((c for c in self.configurations() if c.trainable), None)

    def configuration(self, label: str) -> Configuration:
        """The configuration whose label is ``label`` (``""``: as printed).

        Raises:
            UnknownVariantError: no such variant; the message lists the recipe's labels.
        """
        for config in self.configurations():
            if config.label == label:
                return config
        if self.variants:
            message = _("recipe {name} has no variant {label}; its variants: {known}")
        else:
            message = _("recipe {name} has no variant {label}; its variants: none")
        known = ", ".join(v.label for v in self.variants)
        raise UnknownVariantError(
            message.format(name=repr(self.name), label=shown(label), known=known)
        )

    def configuration_for(self, kwargs: Mapping[str, Any]) -> Configuration | None:
        """The configuration these builder arguments build, or None if they build another model.

        Arguments a configuration sets must all be given with its values, and
        no other argument that changes the model may be given: ``flatten=True``
        is the corrected CNN, ``{}`` or ``flatten=False`` the printed one.
        Arguments that leave the layers as they are (compile options, the seed)
        are ignored.
        """
        shaping = {k: v for k, v in kwargs.items() if k not in NON_SHAPING_ARGUMENTS}
        defaults = self.defaults()
        for config in self.configurations():
            wanted = {**defaults, **config.kwargs}
            given = {**defaults, **shaping}
            if all(_same(given.get(k), wanted.get(k)) for k in {*given, *wanted}):
                return config
        return None

    def defaults(self) -> dict[str, Any]:
        """The builder's keyword defaults; reading them imports the builders (and TensorFlow)."""
        import inspect

        return {
            name: p.default
            for name, p in inspect.signature(self.builder).parameters.items()
            if p.default is not inspect.Parameter.empty
        }


# Titles, reasons and meanings below are marked for the message catalogue; whatever
# prints them translates them there, with ``_()``.
_IMAGE = N_("a 28x28 grayscale digit, one channel, values in [0, 1]")
_PIXELS = N_("a digit's 784 pixels read one per time step, row after row")
_CLASS = N_("probabilities of the 10 digit classes")

_ARTICLE_RECIPES = (
    Recipe(
        name="sequential",
        document=ARTICLE,
        section="1",
        title=N_("Sequential model"),
        builder_name="build_sequential",
        expected=article.SEQUENTIAL,
        inputs=(TensorSpec("input", (None, 1), N_("one number")),),
        outputs=(TensorSpec("output", (None, 1), N_("one number (a linear regression)")),),
    ),
    Recipe(
        name="mlp",
        document=ARTICLE,
        section="3.1",
        title=N_("Multilayer perceptron"),
        builder_name="build_mlp",
        expected=article.MLP,
        inputs=(TensorSpec("input", (None, 784), N_("a 28x28 digit flattened to 784 values")),),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="cnn",
        document=ARTICLE,
        section="3.2",
        title=N_("Convolutional neural network"),
        builder_name="build_cnn",
        expected=article.CNN,
        inputs=(TensorSpec("input", (None, 28, 28, 1), _IMAGE),),
        outputs=(
            TensorSpec(
                "output",
                (None, 4, 4, 10),
                N_("as printed: class probabilities for each cell of a 4x4 map (the erratum)"),
            ),
        ),
        variants=(
            Configuration(
                kwargs=MappingProxyType({"flatten": True}),
                expected=article.CNN_FLATTENED,
                why=N_("the corrected classifier: one prediction per image"),
                outputs=(TensorSpec("output", (None, 10), _CLASS),),
            ),
        ),
    ),
    Recipe(
        name="rnn",
        document=ARTICLE,
        section="3.3",
        title=N_("Recurrent neural network (LSTM)"),
        builder_name="build_rnn",
        expected=article.RNN,
        inputs=(TensorSpec("input", (None, 784, 1), _PIXELS),),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="shared-input",
        document=ARTICLE,
        section="4.1",
        title=N_("Shared input layer"),
        builder_name="build_shared_input",
        expected=article.SHARED_INPUT,
        inputs=(TensorSpec("input", (None, 28, 28, 1), _IMAGE),),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="shared-feature-extractor",
        document=ARTICLE,
        section="4.2",
        title=N_("Shared feature extraction layer"),
        builder_name="build_shared_feature_extractor",
        expected=article.SHARED_FEATURE_EXTRACTOR,
        inputs=(TensorSpec("input", (None, 784, 1), _PIXELS),),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="multi-input",
        document=ARTICLE,
        section="5.1",
        title=N_("Multiple inputs"),
        builder_name="build_multi_input",
        expected=article.MULTI_INPUT,
        inputs=(
            TensorSpec(
                "img_gray_bigsize", (None, 64, 64, 1), N_("the digit enlarged to 64x64, gray")
            ),
            TensorSpec(
                "img_rgb_smallsize", (None, 32, 32, 3), N_("the same digit at 32x32, in colour")
            ),
        ),
        outputs=(TensorSpec("output", (None, 10), _CLASS),),
    ),
    Recipe(
        name="multi-output",
        document=ARTICLE,
        section="5.2",
        title=N_("Multiple outputs"),
        builder_name="build_multi_output",
        expected=article.MULTI_OUTPUT,
        inputs=(TensorSpec("input", (None, 784, 1), _PIXELS),),
        outputs=(
            TensorSpec("output1", (None, 10), _CLASS),
            TensorSpec("output2", (None, 784, 10), N_("class probabilities at every time step")),
        ),
    ),
)

# The guide's models, in the guide's order. Its classifiers output scores
# (logits), not probabilities, as the guide builds them.
_DIGIT_CODE = N_("a digit's code: 16 numbers")
_REBUILT = N_("the digit, rebuilt from its code")
_LOGITS = N_("scores (logits) of the 10 classes")
_TRAINED_INSIDE = N_(
    "it is one half of the autoencoder, with no target of its own, and learns inside it "
    "(keras-recipes train autoencoder)"
)

_GUIDE_RECIPES = (
    Recipe(
        name="mnist-model",
        document=GUIDE,
        section=guide.INTRODUCTION,
        title=N_("MNIST classifier"),
        builder_name="build_mnist_model",
        expected=guide.MNIST_MODEL,
        inputs=(TensorSpec("input", (None, 784), N_("a 28x28 digit flattened to 784 values")),),
        outputs=(TensorSpec("output", (None, 10), _LOGITS),),
    ),
    Recipe(
        name="encoder",
        document=GUIDE,
        section=guide.SAME_GRAPH,
        title=N_("Encoder: a digit to 16 numbers"),
        builder_name="build_encoder",
        expected=guide.ENCODER,
        inputs=(TensorSpec("img", (None, 28, 28, 1), _IMAGE),),
        outputs=(TensorSpec("global_pool", (None, 16), _DIGIT_CODE),),
        fits=None,
        not_fitted=_TRAINED_INSIDE,
        variants=(
            Configuration(
                kwargs=MappingProxyType({"input_name": "original_img"}),
                expected=guide.ENCODER_TO_NEST,
                why=N_("built again to be called as a layer of the nested autoencoder"),
                inputs=(TensorSpec("original_img", (None, 28, 28, 1), _IMAGE),),
            ),
        ),
    ),
    Recipe(
        name="autoencoder",
        document=GUIDE,
        section=guide.SAME_GRAPH,
        title=N_("Autoencoder: a digit to 16 numbers and back"),
        builder_name="build_autoencoder",
        expected=guide.AUTOENCODER,
        inputs=(TensorSpec("img", (None, 28, 28, 1), _IMAGE),),
        outputs=(TensorSpec("output", (None, 28, 28, 1), _REBUILT),),
        fits=IMAGES,
        variants=(
            Configuration(
                kwargs=MappingProxyType({"nested": True}),
                expected=guide.AUTOENCODER_NESTED,
                why=N_(
                    "the encoder and the decoder as two models, each called as one layer "
                    '(guide section "All models are callable, just like layers")'
                ),
                outputs=(TensorSpec("decoder", (None, 28, 28, 1), _REBUILT),),
            ),
        ),
    ),
    Recipe(
        name="decoder",
        document=GUIDE,
        section=guide.CALLABLE,
        title=N_("Decoder: 16 numbers back to a digit"),
        builder_name="build_decoder",
        expected=guide.DECODER,
        inputs=(TensorSpec("encoded_img", (None, 16), _DIGIT_CODE),),
        outputs=(TensorSpec("output", (None, 28, 28, 1), N_("a 28x28 grayscale image")),),
        fits=None,
        not_fitted=_TRAINED_INSIDE,
    ),
    Recipe(
        name="ensemble",
        document=GUIDE,
        section=guide.CALLABLE,
        title=N_("Ensemble: three models averaged"),
        builder_name="build_ensemble",
        expected=guide.ENSEMBLE,
        inputs=(TensorSpec("input", (None, 128), N_("128 numbers")),),
        outputs=(TensorSpec("average", (None, 1), N_("the mean of the three models' outputs")),),
        fits=None,
        not_fitted=N_(
            "the guide builds it to show models averaged; its input is 128 numbers, not a digit"
        ),
    ),
    Recipe(
        name="ticket-classifier",
        document=GUIDE,
        section=guide.MULTIPLE_INPUTS_OUTPUTS,
        title=N_("Ticket classifier: 3 inputs, 2 outputs"),
        builder_name="build_ticket_classifier",
        expected=guide.TICKET_CLASSIFIER,
        inputs=(
            TensorSpec("title", (None, None), N_("a ticket's title: word indices, any number")),
            TensorSpec("body", (None, None), N_("a ticket's text: word indices, any number")),
            TensorSpec("tags", (None, 12), N_("a ticket's tags: 1 or 0 for each of 12")),
        ),
        # Keras orders outputs given by name (a dict) by their names.
        outputs=(
            TensorSpec("department", (None, 4), N_("scores (logits) of the 4 departments")),
            TensorSpec("priority", (None, 1), N_("the ticket's priority, as a score (logit)")),
        ),
        fits=None,
        not_fitted=N_(
            "its inputs are words and tags, not digits: notebook 09 trains it on generated tickets"
        ),
    ),
    Recipe(
        name="toy-resnet",
        document=GUIDE,
        section=guide.A_TOY_RESNET,
        title=N_("Toy ResNet: residual connections"),
        builder_name="build_toy_resnet",
        expected=guide.TOY_RESNET,
        inputs=(TensorSpec("img", (None, 32, 32, 3), N_("a 32x32 colour image")),),
        outputs=(TensorSpec("output", (None, 10), _LOGITS),),
    ),
)

RECIPES: Mapping[str, Recipe] = MappingProxyType(
    {r.name: r for r in (*_ARTICLE_RECIPES, *_GUIDE_RECIPES)}
)

# Builder arguments that change how a model trains, not its layers.
NON_SHAPING_ARGUMENTS = frozenset(COMPILE_OPTIONS)


def _same(a: Any, b: Any) -> bool:
    # (28, 28, 1) and [28, 28, 1] are one shape; True is not 1.
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _normal(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def get_recipe(name: str) -> Recipe:
    """The recipe called ``name``, ignoring case and ``_``/``-`` (``MLP``, ``multi_input``).

    Raises:
        UnknownRecipeError: no such recipe; the message suggests the closest
            names and lists the known ones.
    """
    if not isinstance(name, str):
        raise UnknownRecipeError(
            _("a recipe name is a string, got {name}").format(name=shown(name))
        )
    wanted = _normal(name)
    wanted = wanted.removeprefix("build-")  # build_multi_input -> multi-input
    for recipe in RECIPES.values():
        if wanted in (recipe.name, _normal(recipe.builder_name).removeprefix("build-")):
            return recipe
    close = difflib.get_close_matches(wanted, list(RECIPES), n=3, cutoff=0.6)
    if close:
        message = _("unknown recipe {name}; did you mean {close}? known recipes: {known}")
    else:
        message = _("unknown recipe {name}; known recipes: {known}")
    raise UnknownRecipeError(
        message.format(name=shown(name), close=_either(close), known=", ".join(RECIPES))
    )


def _either(names: Sequence[str]) -> str:
    """``'cnn' or 'rnn' or 'mlp'``, in the current language."""
    shown = ""
    for name in names:
        either = _("{first} or {second}")
        shown = either.format(first=shown, second=repr(name)) if shown else repr(name)
    return shown


class UnknownVariantError(KeyError, ValueError):
    """A variant label a recipe does not have; its message lists the ones it has."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class UnknownRecipeError(KeyError, ValueError):
    """A recipe name not in ``RECIPES``; its message lists the known ones.

    Both a ``KeyError`` (a failed look-up) and a ``ValueError`` (a bad argument).
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])
