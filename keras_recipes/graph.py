"""Reading a built model's layer graph: where each layer sits, and its summary row.

Keras has no public API for the rows of ``model.summary()``, so they are read
through the internals ``keras/src/utils/summary_utils.py`` prints them from:
the model's ``_nodes_by_depth``, each layer's ``_inbound_nodes`` and each
tensor's ``_keras_history``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from keras_recipes.summary import Row, Shape

if TYPE_CHECKING:
    import keras


@dataclass(frozen=True)
class Placement:
    """Where one layer sits in one model: what flows into it and out of it there."""

    layer: Any
    input_shapes: tuple[Shape, ...]
    output_shape: Shape
    connected_to: tuple[str, ...]


def placements(model: keras.Model) -> tuple[Placement, ...]:
    """One ``Placement`` per layer of ``model`` (functional or Sequential), in layer order.

    A layer keeps a node for every call, in any model; only this model's nodes
    say where it sits here. A layer called twice here is described by its
    first call, and ``connected_to`` lists both calls' inputs.

    Raises:
        ValueError: for a model without a layer graph (a subclassed model).
    """
    from keras_recipes._keras import keras

    graph = getattr(model, "_functional", None) if isinstance(model, keras.Sequential) else model
    by_depth = getattr(graph, "_nodes_by_depth", None)
    if by_depth is None:
        raise ValueError(
            f"model {model.name!r} ({type(model).__name__}) has no layer graph; "
            "only functional and Sequential models built from keras.Input can be read"
        )
    nodes = {id(node) for nodes in by_depth.values() for node in nodes}
    found = []
    for layer in model.layers:
        own = [node for node in layer._inbound_nodes if id(node) in nodes]
        if own:
            found.append(
                Placement(
                    layer=layer,
                    input_shapes=tuple(tuple(t.shape) for t in own[0].input_tensors),
                    # None of the documents' layers returns several tensors; one is read.
                    output_shape=tuple(own[0].output_tensors[0].shape),
                    connected_to=tuple(
                        t._keras_history.operation.name for node in own for t in node.input_tensors
                    ),
                )
            )
    return tuple(found)


def read_rows(model: keras.Model) -> tuple[Row, ...]:
    """One ``Row`` per layer of ``model``, as its summary lists them."""
    return tuple(
        Row(
            p.layer.name,
            type(p.layer).__name__,
            p.output_shape,
            p.layer.count_params(),
            p.connected_to,
        )
        for p in placements(model)
    )


def param_counts(model: keras.Model) -> tuple[int, int, int]:
    """The total, trainable and non-trainable parameter counts ``model.summary()`` prints."""
    from keras.src.utils.summary_utils import count_params  # deduplicates shared weights

    trainable = count_params(model.trainable_weights)
    non_trainable = count_params(model.non_trainable_weights)
    return model.count_params(), trainable, non_trainable
