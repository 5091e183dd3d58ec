"""Digits and what a model rebuilt of them: the picture an autoencoder is judged by."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from keras_recipes.i18n import _

if TYPE_CHECKING:
    import keras

SHOWN = 10  # digits in the picture


def plot(model: keras.Model, images: np.ndarray, *, title: str = "") -> Any:
    """A figure (as ``curves.plot`` makes them) of two rows: the first ``SHOWN`` of ``images``,
    (N, height, width, channels) in [0, 1], and under each what ``model`` made of it."""
    from keras_recipes import fonts

    shown = np.asarray(images[:SHOWN])
    rebuilt = np.clip(model.predict(shown, verbose=0), 0.0, 1.0)
    return fonts.checked_figure(lambda: _draw(shown, rebuilt, title))


def _draw(shown: np.ndarray, rebuilt: np.ndarray, title: str) -> Any:
    from matplotlib.figure import Figure

    count = len(shown)
    figure = Figure(figsize=(0.9 * count + 0.9, 2.2 + (0.3 if title else 0)), layout="constrained")
    axes = figure.subplots(2, count, squeeze=False)
    for row, (images, label) in enumerate(((shown, _("digit")), (rebuilt, _("rebuilt")))):
        for ax, image in zip(axes[row], images, strict=True):
            # One channel is drawn in gray, ink dark on white as the digits are printed.
            gray = image.shape[-1] == 1
            ax.imshow(image[..., 0] if gray else image, cmap="gray_r", vmin=0.0, vmax=1.0)
            ax.set(xticks=[], yticks=[])
        axes[row][0].set_ylabel(label)
    if title:
        figure.suptitle(title)
    return figure
