"""Shape arithmetic of the layers the recipes use, without TensorFlow.

The builders use it to refuse impossible arguments before Keras sees them.
"""

from __future__ import annotations


def conv_output(size: int, kernel: int) -> int:
    """Length of one spatial axis after a stride-1 convolution with valid padding."""
    return size - kernel + 1


def pool_output(size: int, pool: int) -> int:
    """Length of one spatial axis after max pooling with stride equal to the pool."""
    return size // pool
