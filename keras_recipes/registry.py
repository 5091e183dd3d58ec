"""The one list of recipes: every other part of the package iterates over ``RECIPES``.

A recipe ties one model of a document (the article, or the Keras guide:
``DOCUMENTS``) to its builder, the summary the document printed for it, and its
inputs and outputs. Each model a recipe stands for, as printed or as a variant,
is a ``Configuration``. Importing this module does not import TensorFlow.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any

from keras_recipes import article, guide
from keras_recipes._build import COMPILE_OPTIONS
from keras_recipes.i18n import N_, _, shown
from keras_recipes.summary import Shape, Summary

if TYPE_CHECKING:
    import keras


@dataclass(frozen=True)
class Document:
    """A source of recipes; its texts are marked for the catalogue, translated where shown."""

    name: str  # one word, heading its figures in tables ("article total")
    called: str  # "the article"
    title: str  # the heading of its recipes in ``list``
    figures: str  # where its figures come from
    section: str  # a section cited: "article section {section}"
    section_shown: str  # a section as ``list`` shows it (translated: zh-TW puts 〈〉 round a title)
    module: str  # the module holding its builders
    summaries: ModuleType  # the module holding the summaries it printed


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
    summaries=article,
)
GUIDE = Document(
    name=N_("guide"),
    called=N_("the guide"),
    title=N_('the guide: "The Functional API", a guide on keras.io'),
    figures=N_("summaries printed by Keras 3"),
    section=N_('guide section "{section}"'),
    section_shown=N_('"{section}"'),
    module="keras_recipes.guide_recipes",
    summaries=guide,
)
DOCUMENTS: Mapping[str, Document] = MappingProxyType({d.name: d for d in (ARTICLE, GUIDE)})

# What ``train`` fits a recipe's output to (``Recipe.fits``): the digit's label, for every
# output, or the digit itself (the autoencoder).
LABELS = "labels"
IMAGES = "images"
# Builder arguments that change how a model trains, not its layers.
NON_SHAPING_ARGUMENTS = frozenset(COMPILE_OPTIONS)


@dataclass(frozen=True)
class TensorSpec:
    """One input or output of a recipe: its layer name, shape, and meaning."""

    name: str
    shape: Shape
    meaning: str


def argument_text(value: Any) -> str:
    """A builder argument as the command takes it back: ``(28, 28)`` -> ``28,28``."""
    if isinstance(value, (tuple, list)):
        return ",".join(str(v) for v in value)
    return str(value)


def label(kwargs: Mapping[str, Any]) -> str:
    """Builder arguments as one typeable label, the one form every command shows and
    ``--variant`` takes back: ``flatten=True input_shape=28,28``; ``""`` for none."""
    return " ".join(f"{key}={argument_text(value)}" for key, value in kwargs.items())


def title(name: str, kwargs: Mapping[str, Any]) -> str:
    """A recipe and its arguments, as reports are headed: ``cnn flatten=True``."""
    return " ".join(filter(None, (name, label(kwargs))))


def file_stem(name: str, kwargs: Mapping[str, Any]) -> str:
    """A recipe and its arguments as a file or folder name: ``cnn-flatten=True``."""
    return "-".join([name, *label(kwargs).split()])


def shape_text(shape: Shape) -> str:
    """``(None, 4, 4, 10)``, as a summary prints it (no trailing comma for one axis)."""
    return "(" + ", ".join(str(d) for d in shape) + ")"


def untrainable_output(inputs: Sequence[TensorSpec], outputs: Sequence[TensorSpec]) -> Shape | None:
    """The first output no label per image fits, or None.

    An output (None, classes) predicts once per image; (None, steps, classes) over
    a sequence input of as many steps, once per step, each scored against the
    image's label. Any other predicts once per cell of a map: the article's CNN
    as printed, whose Dense layers act on each cell of its 4x4 pooled map.
    """
    steps = {spec.shape[1] for spec in inputs if len(spec.shape) == 3}
    for spec in outputs:
        shape = tuple(spec.shape)
        if len(shape) == 2 or (len(shape) == 3 and shape[1] is not None and shape[1] in steps):
            continue
        return shape
    return None


def untrainable_fields(shape: Shape) -> dict[str, str]:
    """``{shape}`` and ``{cells}`` of a refusal to train an output of ``shape``; each caller
    says it in a whole sentence of its own, so a translation orders its words freely."""
    return {"shape": shape_text(shape), "cells": "x".join(str(d) for d in shape[1:-1])}


def untrainable(inputs: Sequence[TensorSpec], outputs: Sequence[TensorSpec]) -> str | None:
    """Why a model with these inputs and outputs cannot be fitted to one label per image, in
    the current language, or None when it can (``untrainable_output``)."""
    shape = untrainable_output(inputs, outputs)
    if shape is None:
        return None
    return _(
        "outputs {shape}: one prediction per {cells} cell, not per image; per-image labels of "
        "shape (N,) cannot be fitted"
    ).format(**untrainable_fields(shape))


@dataclass(frozen=True)
class Configuration:
    """One model a recipe stands for: its builder called with ``kwargs``, the summary it must
    match, and its tensors (a variant declares only those it changes)."""

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
    def untrainable(self) -> str | None:
        return untrainable(self.inputs, self.outputs)


@dataclass(frozen=True)
class Recipe:
    """One model of a document, its inputs, outputs and variants. Its builder is
    ``build_<name>`` in the document's ``module``, its printed summary ``<NAME>`` in its
    ``summaries`` (``shared-input``: ``build_shared_input``, ``article.SHARED_INPUT``).

    ``fits`` is what ``train`` fits it to (``LABELS`` or ``IMAGES``), or None for a
    model no digit trains, ``not_fitted`` then saying why.
    """

    name: str
    section: str
    title: str
    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]
    document: Document
    variants: tuple[Configuration, ...] = ()
    fits: str | None = LABELS
    not_fitted: str = ""
    expected: Summary = None  # type: ignore[assignment]  # <NAME>, unless given
    # Each row's activation as the document's code writes it (a summary prints none),
    # by the summary's row names: the checker holds a learner's model to them.
    activations: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.expected is None:
            summary = getattr(self.document.summaries, self.name.upper().replace("-", "_"))
            object.__setattr__(self, "expected", summary)
        # A variant that leaves the inputs or outputs as printed shares the recipe's.
        complete = tuple(
            replace(v, inputs=v.inputs or self.inputs, outputs=v.outputs or self.outputs)
            for v in self.variants
        )
        object.__setattr__(self, "variants", complete)  # frozen: both set once, here

    @property
    def builder_name(self) -> str:
        return "build_" + self.name.replace("-", "_")

    @property
    def builder(self) -> Callable[..., keras.Model]:
        """The builder function; importing it loads TensorFlow."""
        builder: Callable[..., keras.Model]
        builder = getattr(importlib.import_module(self.document.module), self.builder_name)
        return builder

    def build(self, **kwargs: Any) -> keras.Model:
        return self.builder(**kwargs)

    def configurations(self) -> tuple[Configuration, ...]:
        """The recipe as its document printed it (label ``""``), then each of its variants."""
        printed = Configuration(
            MappingProxyType({}),
            self.expected,
            N_("as its document printed it"),
            self.inputs,
            self.outputs,
        )
        return (printed, *self.variants)

    def trainable_configuration(self) -> Configuration | None:
        """The first configuration ``train`` can fit (the CNN's is a variant), or None."""
        if self.fits is None:
            return None
        if self.fits == IMAGES:  # a model that rebuilds its input trains as printed
            return self.configurations()[0]
        return next((c for c in self.configurations() if c.untrainable is None), None)

    def configuration(self, label: str) -> Configuration:
        """The configuration labelled ``label`` (``""``: as printed); else
        ``UnknownVariantError``, listing the recipe's labels."""
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
        """The configuration these builder arguments build, or None if another model.

        ``flatten=True`` is the corrected CNN, ``{}`` or ``flatten=False`` the
        printed one; compile options and the seed leave the layers as they are.
        """
        defaults = {
            name: p.default
            for name, p in inspect.signature(self.builder).parameters.items()
            if p.default is not inspect.Parameter.empty
        }
        given = {**defaults, **{k: v for k, v in kwargs.items() if k not in NON_SHAPING_ARGUMENTS}}
        for config in self.configurations():
            wanted = {**defaults, **config.kwargs}
            if all(_same(given.get(k), wanted.get(k)) for k in {*given, *wanted}):
                return config
        return None


def _same(a: Any, b: Any) -> bool:
    # (28, 28, 1) and [28, 28, 1] are one shape; True is not 1.
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


# Titles, reasons and meanings are marked for the catalogue; whatever prints them translates.
_IMAGE = N_("a 28x28 grayscale digit, one channel, values in [0, 1]")
_PIXELS = N_("a digit's 784 pixels read one per time step, row after row")
_FLAT_IN = (TensorSpec("input", (None, 784), N_("a 28x28 digit flattened to 784 values")),)
_CLASS = N_("probabilities of the 10 digit classes")
_ONE_IMAGE = (TensorSpec("input", (None, 28, 28, 1), _IMAGE),)
_PIXEL_STEPS = (TensorSpec("input", (None, 784, 1), _PIXELS),)
_CLASSES = (TensorSpec("output", (None, 10), _CLASS),)


def _act(activation: str, *rows: str) -> dict[str, str]:
    return dict.fromkeys(rows, activation)


_article = functools.partial(Recipe, document=ARTICLE)
_guide = functools.partial(Recipe, document=GUIDE)

_ARTICLE_RECIPES = (
    _article(
        "sequential",
        "1",
        N_("Sequential model"),
        (TensorSpec("input", (None, 1), N_("one number")),),
        (TensorSpec("output", (None, 1), N_("one number (a linear regression)")),),
        activations=_act("linear", "hidden", "output"),
    ),
    _article(
        "mlp",
        "3.1",
        N_("Multilayer perceptron"),
        _FLAT_IN,
        _CLASSES,
        activations={**_act("relu", "hidden1", "hidden2", "hidden3"), "output": "softmax"},
    ),
    _article(
        "cnn",
        "3.2",
        N_("Convolutional neural network"),
        _ONE_IMAGE,
        (
            TensorSpec(
                "output",
                (None, 4, 4, 10),
                N_("as printed: class probabilities for each cell of a 4x4 map (the erratum)"),
            ),
        ),
        variants=(
            Configuration(
                MappingProxyType({"flatten": True}),
                article.CNN_FLATTENED,
                N_("the corrected classifier: one prediction per image"),
                outputs=_CLASSES,
            ),
        ),
        activations={**_act("relu", "conv1", "conv2", "hidden1"), "output": "softmax"},
    ),
    _article(
        "rnn",
        "3.3",
        N_("Recurrent neural network (LSTM)"),
        _PIXEL_STEPS,
        _CLASSES,
        activations={"lstm1": "tanh", "hidden1": "relu", "output": "softmax"},
    ),
    _article(
        "shared-input",
        "4.1",
        N_("Shared input layer"),
        _ONE_IMAGE,
        _CLASSES,
        activations={**_act("relu", "conv1", "conv2", "hidden1"), "output": "softmax"},
    ),
    _article(
        "shared-feature-extractor",
        "4.2",
        N_("Shared feature extraction layer"),
        _PIXEL_STEPS,
        _CLASSES,
        activations={
            "lstm1": "tanh",
            **_act("relu", "interp1", "interp21", "interp22", "interp23"),
            "output": "softmax",
        },
    ),
    _article(
        "multi-input",
        "5.1",
        N_("Multiple inputs"),
        (
            TensorSpec(
                "img_gray_bigsize", (None, 64, 64, 1), N_("the digit enlarged to 64x64, gray")
            ),
            TensorSpec(
                "img_rgb_smallsize", (None, 32, 32, 3), N_("the same digit at 32x32, in colour")
            ),
        ),
        _CLASSES,
        activations={
            **_act("relu", "conv11", "conv12", "conv21", "conv22", "hidden1", "hidden2"),
            "output": "softmax",
        },
    ),
    _article(
        "multi-output",
        "5.2",
        N_("Multiple outputs"),
        _PIXEL_STEPS,
        (
            TensorSpec("output1", (None, 10), _CLASS),
            TensorSpec("output2", (None, 784, 10), N_("class probabilities at every time step")),
        ),
        activations={
            **_act("tanh", "extract", "class11"),
            "class12": "relu",
            **_act("softmax", "output1", "output2"),
        },
    ),
)

# The guide's models, in its order. Its classifiers output scores (logits), as it builds them.
_CODE = (TensorSpec("encoded_img", (None, 16), N_("a digit's code: 16 numbers")),)
_REBUILT = N_("the digit, rebuilt from its code")
_LOGITS = (TensorSpec("output", (None, 10), N_("scores (logits) of the 10 classes")),)
_TRAINED_INSIDE = N_(
    "it is one half of the autoencoder, with no target of its own, and learns inside it "
    "(keras-recipes train autoencoder)"
)

# The guide's code gives every convolution relu; its summaries name them as Keras does.
_CONV = ["conv2d", *(f"conv2d_{i}" for i in range(1, 15))]
_DECONV = ["conv2d_transpose", *(f"conv2d_transpose_{i}" for i in range(1, 8))]

_GUIDE_RECIPES = (
    _guide(
        "mnist-model",
        guide.INTRODUCTION,
        N_("MNIST classifier"),
        _FLAT_IN,
        _LOGITS,
        activations={**_act("relu", "dense", "dense_1"), "dense_2": "linear"},
    ),
    _guide(
        "encoder",
        guide.SAME_GRAPH,
        N_("Encoder: a digit to 16 numbers"),
        (TensorSpec("img", (None, 28, 28, 1), _IMAGE),),
        (replace(_CODE[0], name="global_pool"),),
        fits=None,
        not_fitted=_TRAINED_INSIDE,
        variants=(
            Configuration(
                MappingProxyType({"input_name": "original_img"}),
                guide.ENCODER_TO_NEST,
                N_("built again to be called as a layer of the nested autoencoder"),
                inputs=(TensorSpec("original_img", (None, 28, 28, 1), _IMAGE),),
            ),
        ),
        activations=_act("relu", *_CONV[:4], *_CONV[4:8]),
    ),
    _guide(
        "autoencoder",
        guide.SAME_GRAPH,
        N_("Autoencoder: a digit to 16 numbers and back"),
        (TensorSpec("img", (None, 28, 28, 1), _IMAGE),),
        (TensorSpec("output", (None, 28, 28, 1), _REBUILT),),
        fits=IMAGES,
        variants=(
            Configuration(
                MappingProxyType({"nested": True}),
                guide.AUTOENCODER_NESTED,
                N_(
                    "the encoder and the decoder as two models, each called as one layer "
                    '(guide section "All models are callable, just like layers")'
                ),
                outputs=(TensorSpec("decoder", (None, 28, 28, 1), _REBUILT),),
            ),
        ),
        activations=_act("relu", *_CONV[:4], *_DECONV[:4]),
    ),
    _guide(
        "decoder",
        guide.CALLABLE,
        N_("Decoder: 16 numbers back to a digit"),
        _CODE,
        (TensorSpec("output", (None, 28, 28, 1), N_("a 28x28 grayscale image")),),
        fits=None,
        not_fitted=_TRAINED_INSIDE,
        activations=_act("relu", *_DECONV[4:8]),
    ),
    _guide(
        "ensemble",
        guide.CALLABLE,
        N_("Ensemble: three models averaged"),
        (TensorSpec("input", (None, 128), N_("128 numbers")),),
        (TensorSpec("average", (None, 1), N_("the mean of the three models' outputs")),),
        fits=None,
        not_fitted=N_(
            "the guide builds it to show models averaged; its input is 128 numbers, not a digit"
        ),
    ),
    _guide(
        "ticket-classifier",
        guide.MULTIPLE_INPUTS_OUTPUTS,
        N_("Ticket classifier: 3 inputs, 2 outputs"),
        (
            TensorSpec("title", (None, None), N_("a ticket's title: word indices, any number")),
            TensorSpec("body", (None, None), N_("a ticket's text: word indices, any number")),
            TensorSpec("tags", (None, 12), N_("a ticket's tags: 1 or 0 for each of 12")),
        ),
        # Keras orders outputs given by name (a dict) by their names.
        (
            TensorSpec("department", (None, 4), N_("scores (logits) of the 4 departments")),
            TensorSpec("priority", (None, 1), N_("the ticket's priority, as a score (logit)")),
        ),
        fits=None,
        not_fitted=N_(
            "its inputs are words and tags, not digits: notebook 09 trains it on generated tickets"
        ),
        activations={
            **_act("tanh", "title_lstm", "body_lstm"),
            **_act("linear", "priority", "department"),
        },
    ),
    _guide(
        "toy-resnet",
        guide.A_TOY_RESNET,
        N_("Toy ResNet: residual connections"),
        (TensorSpec("img", (None, 32, 32, 3), N_("a 32x32 colour image")),),
        _LOGITS,
        activations={**_act("relu", *_CONV[8:15], "dense_6"), "dense_7": "linear"},
    ),
)

RECIPES: Mapping[str, Recipe] = MappingProxyType(
    {r.name: r for r in (*_ARTICLE_RECIPES, *_GUIDE_RECIPES)}
)


class UnknownRecipeError(KeyError, ValueError):
    """A recipe name not in ``RECIPES``: a failed look-up and a bad argument; the message lists
    the known names."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class UnknownVariantError(KeyError, ValueError):
    """A variant label a recipe does not have; the message lists the ones it has."""

    __str__ = UnknownRecipeError.__str__


def _normal(name: str) -> str:
    return name.strip().lower().replace("_", "-").removeprefix("build-")


def label_of(recipe: Recipe, config: Configuration) -> str:
    """A configuration as ``list`` and ``verify`` print it: ``cnn flatten=True``."""
    return title(recipe.name, config.kwargs)


def find_configuration(label: str) -> tuple[Recipe, Configuration]:
    """The configuration ``label`` names: as ``list`` prints it (``cnn flatten=True``), as a
    file or run folder names it (``cnn-flatten=True``), or a recipe's name for the printed one;
    else ``UnknownRecipeError``, suggesting the nearest labels."""
    if not isinstance(label, str) or "=" not in label:
        recipe = get_recipe(label)
        return recipe, recipe.configuration("")
    every = {}
    for recipe in RECIPES.values():
        for config in recipe.configurations():
            for spelling in (label_of(recipe, config), file_stem(recipe.name, config.kwargs)):
                every[spelling] = (recipe, config)
    wanted = " ".join(label.split())
    if wanted in every:
        return every[wanted]
    labels = [k for k in every if " " in k]
    close = difflib.get_close_matches(wanted, labels, n=3, cutoff=0.5)
    if close:
        message = _("no model is labelled {label}; did you mean {close}?")
    else:
        message = _("no model is labelled {label}; the labels are {known}")
    raise UnknownRecipeError(
        message.format(label=shown(label), close=_either(close), known=", ".join(labels))
    )


def _either(names: Sequence[str]) -> str:
    """``'cnn' or 'rnn' or 'mlp'``, in the current language."""
    either = repr(names[0]) if names else ""
    for other in names[1:]:
        either = _("{first} or {second}").format(first=either, second=repr(other))
    return either


def get_recipe(name: str) -> Recipe:
    """The recipe called ``name``, ignoring case, ``_``/``-`` and ``build_`` (``MLP``,
    ``build_multi_input``); else ``UnknownRecipeError``, suggesting the closest names."""
    if not isinstance(name, str):
        raise UnknownRecipeError(
            _("a recipe name is a string, got {name}").format(name=shown(name))
        )
    if _normal(name) in RECIPES:
        return RECIPES[_normal(name)]
    close = difflib.get_close_matches(_normal(name), list(RECIPES), n=3, cutoff=0.6)
    if close:
        message = _("unknown recipe {name}; did you mean {close}? known recipes: {known}")
    else:
        message = _("unknown recipe {name}; known recipes: {known}")
    raise UnknownRecipeError(
        message.format(name=shown(name), close=_either(close), known=", ".join(RECIPES))
    )
