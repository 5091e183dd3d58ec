"""Learning curves: one panel per metric, training and validation per epoch.

Drawn on a figure of its own, not pyplot's: no display needed, a notebook's figures left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from keras_recipes.i18n import N_, _

PANELS_PER_ROW = 3
# Keras' own metric names, shown in the reader's language; an output's name stays as its
# layer is named ("output1 loss").
_METRICS = {"loss": N_("loss"), "accuracy": N_("accuracy"), "learning_rate": N_("learning rate")}


def metrics(history: Mapping[str, Sequence[float]]) -> list[str]:
    """The metrics of a Keras history without the ``val_`` copies: losses, others, learning rate."""

    def rank(key: str) -> tuple[int, bool, str]:
        group = 0 if key.endswith("loss") else 2 if key == "learning_rate" else 1
        return group, key != "loss", key

    return sorted((key for key in history if not key.startswith("val_")), key=rank)


def panel_title(name: str) -> str:
    """A metric's panel title in the reader's language: ``output1_loss`` -> ``output1 loss``."""
    for metric, shown in _METRICS.items():
        if name == metric or name.endswith(f"_{metric}"):
            output = name.removesuffix(metric).rstrip("_").replace("_", " ")
            return " ".join(filter(None, (output, _(shown))))
    return name.replace("_", " ")


def plot(history: Mapping[str, Sequence[float]], *, title: str = "") -> Any:
    """A ``matplotlib.figure.Figure`` of Keras' ``History.history``, Chinese in a Traditional
    Chinese font; ``FontMissingError`` where a character is in no font (``fonts``)."""
    from keras_recipes import fonts

    return fonts.checked_figure(lambda: _draw(history, title))  # every text laid out, ticks too


def _draw(history: Mapping[str, Sequence[float]], title: str) -> Any:
    from matplotlib.figure import Figure

    names = metrics(history)
    columns = min(len(names), PANELS_PER_ROW) or 1
    rows = max(1, -(-len(names) // columns))
    figure = Figure(
        figsize=(4.2 * columns, 3.4 * rows + (0.4 if title else 0)), layout="constrained"
    )
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for ax, name in zip(axes, names, strict=False):
        epochs = range(1, len(history[name]) + 1)
        ax.set_title(panel_title(name))
        ax.set_xlabel(_("epoch"))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(alpha=0.3)
        if f"val_{name}" not in history:  # the learning rate: one line, no legend
            ax.plot(epochs, history[name], "o-", color="gray", markersize=3)
            ax.set_ylim(bottom=0)
            continue
        ax.plot(epochs, history[name], "o-", label=_("training"), markersize=3)
        ax.plot(epochs, history[f"val_{name}"], "s--", label=_("validation"), markersize=3)
        ax.legend(fontsize="small")
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    if title:
        figure.suptitle(title)
    return figure


def per_step(values: Sequence[float], *, label: str, marked: int | None = None) -> Any:
    """A figure of one output's accuracy after each row of the digit it has read (a step of its
    sequence), ``marked`` a row to point at; in the reader's language, like ``plot``."""
    from keras_recipes import fonts

    return fonts.checked_figure(lambda: _draw_per_step(values, label, marked))


def _draw_per_step(values: Sequence[float], label: str, marked: int | None) -> Any:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 2.6), layout="constrained")
    ax = figure.subplots()
    ax.plot(range(1, len(values) + 1), values, "o-", markersize=3, label=label)
    if marked is not None:
        row = _("row {number}").format(number=marked)
        ax.axvline(marked, color="gray", linestyle=":", label=row)
    ax.set_xlabel(_("row"))
    ax.set_ylabel(_("accuracy"))
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    return figure
