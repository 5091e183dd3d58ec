"""Reading a built model's layer graph: where each layer sits, and its summary row.

Keras has no public API for the rows of ``model.summary()``, and its text is
for people (its layout has changed between versions). So the rows are read
through the same Keras internals ``keras/src/utils/summary_utils.py`` prints
them from: the model's ``_nodes_by_depth``, each layer's ``_inbound_nodes``,
and each input tensor's ``_keras_history``. Parameters are counted as Keras
counts them: ``count_params()`` per layer and per model, and Keras' own
``count_params`` over the model's (deduplicated) trainable and non-trainable
weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from keras_recipes.summary import Row, Shape

if TYPE_CHECKING:
    import keras


def _model_nodes(model: keras.Model) -> set[int]:
    """Identities of the graph nodes that belong to ``model``.

    A layer keeps a node for every call, in any model; only this model's
    nodes say where the layer sits here.
    """
    from keras_recipes._keras import keras

    graph = getattr(model, "_functional", None) if isinstance(model, keras.Sequential) else model
    by_depth = getattr(graph, "_nodes_by_depth", None)
    if by_depth is None:
        raise ValueError(
            f"model {model.name!r} ({type(model).__name__}) has no layer graph; "
            "only functional and Sequential models built from keras.Input can be read"
        )
    return {id(node) for nodes in by_depth.values() for node in nodes}


@dataclass(frozen=True)
class Placement:
    """Where one layer sits in one model: what flows into it and out of it there."""

    layer: Any
    input_shapes: tuple[Shape, ...]
    output_shape: Shape
    connected_to: tuple[str, ...]


def placements(model: keras.Model) -> tuple[Placement, ...]:
    """One ``Placement`` per layer of ``model``, in ``model.layers`` order.

    Read from the node that places each layer in this model (a layer called
    in several models has a node in each). A layer called twice in this model
    is described by its first call; ``connected_to`` lists both calls' inputs.

    Args:
        model: a functional or Sequential model built from ``keras.Input``.

    Returns:
        The placements; layers with no node in ``model`` are left out.

    Raises:
        ValueError: for a model without a layer graph (a subclassed model).
    """
    nodes = _model_nodes(model)
    found = []
    for layer in model.layers:
        own = [node for node in layer._inbound_nodes if id(node) in nodes]
        if not own:
            continue
        found.append(
            Placement(
                layer=layer,
                input_shapes=tuple(tuple(t.shape) for t in own[0].input_tensors),
                # None of the article's layers returns several tensors; one is read.
                output_shape=tuple(own[0].output_tensors[0].shape),
                connected_to=tuple(
                    tensor._keras_history.operation.name
                    for node in own
                    for tensor in node.input_tensors
                ),
            )
        )
    return tuple(found)


def read_rows(model: keras.Model) -> tuple[Row, ...]:
    """One ``Row`` per layer of ``model``, in ``model.layers`` order, as its summary lists them.

    Args:
        model: a functional or Sequential model built from ``keras.Input``.

    Returns:
        Each layer's name, class name, output shape, ``count_params()`` and
        the names of the layers feeding it.
    """
    return tuple(
        Row(
            name=p.layer.name,
            type=type(p.layer).__name__,
            output_shape=p.output_shape,
            params=p.layer.count_params(),
            connected_to=p.connected_to,
        )
        for p in placements(model)
    )


def param_counts(model: keras.Model) -> tuple[int, int, int]:
    """The total, trainable and non-trainable parameter counts ``model.summary()`` prints.

    Args:
        model: a built Keras model.

    Returns:
        ``model.count_params()``, then the trainable and the non-trainable
        weights counted by Keras' ``summary_utils.count_params``.
    """
    from keras.src.utils.summary_utils import count_params  # Keras is loaded: the model exists

    trainable = count_params(model.trainable_weights)
    non_trainable = count_params(model.non_trainable_weights)
    return model.count_params(), trainable, non_trainable
