"""The memory this process may use, and the one place a model too large for it is refused.

Keras allocates each weight while the model is being built. Past the memory a process may
use, a container's kernel kills it, and under an address-space limit (``ulimit -v``)
TensorFlow raises ``ResourceExhaustedError`` and can crash on the next call. So ``guard``
watches Keras create each weight and refuses one that would not fit before it is
allocated, naming the builder argument that sized it.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from keras_recipes.arithmetic import byte_size, number
from keras_recipes.i18n import _, shown

# Weight tensors in one model, at most: the largest Keras application has about 1,000.
MOST_WEIGHTS = 2_000


class TooLarge(ValueError):
    """A model too large for the memory this process may use; the message names the argument."""


def memory_bytes(
    cgroup_root: Path = Path("/sys/fs/cgroup"), own_cgroups: Path = Path("/proc/self/cgroup")
) -> int | None:
    """Bytes of memory this process may use.

    Args:
        cgroup_root: where the cgroup file systems are mounted.
        own_cgroups: the file listing this process's cgroups.

    Returns:
        The least of the machine's physical memory, the memory limits of the
        process's cgroup and the cgroups above it (``memory.max`` of cgroup v2,
        ``memory.limit_in_bytes`` of v1), and what its address-space limit
        (``RLIMIT_AS``) leaves beside what it has mapped already; None when none
        of them can be read (as on Windows).
    """
    found = _cgroup_limits(cgroup_root, own_cgroups)
    with contextlib.suppress(AttributeError, ValueError, OSError):  # no sysconf on Windows
        found.append(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    found.append(_address_space_left())
    return min((limit for limit in found if limit is not None and limit > 0), default=None)


def _address_space_left() -> int | None:
    try:
        import resource

        limit, _hard = resource.getrlimit(resource.RLIMIT_AS)
        if limit == resource.RLIM_INFINITY:
            return None
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        return max(limit - pages * os.sysconf("SC_PAGE_SIZE"), 1)
    except (ImportError, OSError, ValueError, IndexError):  # not Linux
        return None


def _cgroup_limits(root: Path, own_cgroups: Path) -> list[int | None]:
    # The process's cgroup in v2 (the "0::" line) and in v1's memory hierarchy.
    places = {"": "/", "memory": "/"}
    try:
        lines = own_cgroups.read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for line in lines:
        hierarchy, controllers, path = [*line.split(":", 2), "", ""][:3]
        if hierarchy == "0" and not controllers:
            places[""] = path
        elif "memory" in controllers.split(","):
            places["memory"] = path
    found: list[int | None] = []
    for hierarchy, file in (("", "memory.max"), ("memory", "memory.limit_in_bytes")):
        parts = PurePosixPath(places[hierarchy]).parts[1:]
        if ".." in parts:  # a cgroup outside this namespace: only the root is visible
            parts = ()
        base = root / hierarchy
        for depth in range(len(parts), -1, -1):
            try:
                text = (base.joinpath(*parts[:depth]) / file).read_text().strip()
            except (OSError, UnicodeDecodeError):
                continue
            if text.isdigit():  # "max" means no limit
                found.append(int(text))
    return found


@contextlib.contextmanager
def guard(builder: str, arguments: Mapping[str, Any], given: Mapping[str, Any]) -> Iterator[None]:
    """While the block builds a model, refuses a weight that would not fit in memory.

    Hooks the one method through which Keras gives a new weight its first
    values; the weights made so far, and twice the new one (its initial values
    are computed, then copied in), must fit in ``memory_bytes()``.

    Args:
        builder: the builder's name, for the refusal.
        arguments: every argument of the builder, defaults included.
        given: the arguments the caller gave; blamed first.

    A model of more than ``MOST_WEIGHTS`` weight tensors is refused too: a count
    given by mistake (``blocks=10**9``) would otherwise build layers for hours.

    Raises:
        TooLarge: naming the builder and the argument whose value sized the weight.
    """
    from keras.src.backend import Variable  # the backend's: TensorFlow's here

    memory = memory_bytes()
    create = Variable._initialize_with_initializer
    held, made = 0, 0

    def checked(variable: Any, initializer: Any) -> None:
        nonlocal held, made
        size = math.prod(variable.shape) * _bytes_per_number(variable.dtype)
        if memory is not None and held + 2 * size > memory:
            raise _refusal(builder, {**given, **arguments}, given, variable, size, memory)
        made += 1
        if made > MOST_WEIGHTS:
            raise _too_many(builder, given)
        create(variable, initializer)
        held += size

    Variable._initialize_with_initializer = checked
    try:
        yield
    finally:
        Variable._initialize_with_initializer = create


def _too_many(builder: str, given: Mapping[str, Any]) -> TooLarge:
    """The refusal of a model with too many weights, blamed on ``_largest_given``."""
    blamed = _largest_given(given)
    figures = {"builder": builder, "most": number(MOST_WEIGHTS)}
    if blamed is None:
        return TooLarge(
            _("{builder}(): the model would hold more than {most} weight tensors").format(**figures)
        )
    return TooLarge(
        _(
            "{builder}(): {argument}={value} is not usable: the model would hold more than "
            "{most} weight tensors; use a smaller value"
        ).format(argument=blamed, value=shown(given[blamed]), **figures)
    )


def _bytes_per_number(dtype: str) -> int:
    import numpy as np

    try:
        return int(np.dtype(dtype).itemsize)
    except TypeError:  # bfloat16 and the like: NumPy does not know them
        return 2 if "16" in dtype else 4


def _numbers(value: Any) -> set[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return {value}
    if isinstance(value, (tuple, list)):
        return set().union(*(_numbers(item) for item in value))
    return set()


def _largest_given(given: Mapping[str, Any]) -> str | None:
    """The argument the caller gave that holds the largest number, or the most numbers."""

    def size(value: Any) -> int:
        return max([len(value) if isinstance(value, (tuple, list)) else 0, *_numbers(value), 0])

    return max(given, key=lambda key: size(given[key]), default=None)


def _refusal(
    builder: str,
    arguments: Mapping[str, Any],
    given: Mapping[str, Any],
    variable: Any,
    size: int,
    memory: int,
) -> TooLarge:
    """The refusal of ``variable``: blamed on the argument holding its largest dimension."""
    layer = variable.path.split("/")[-2] if "/" in variable.path else variable.path
    figures = {
        "builder": builder,
        "layer": repr(layer),
        "params": number(math.prod(variable.shape)),
        "size": byte_size(size),
        "memory": byte_size(memory),
    }
    # The argument holding the weight's largest dimension; a gated layer's is 3 or 4 times
    # its units (GRU, LSTM).
    wanted = [max(variable.shape) // gates for gates in (1, 4, 3)]
    blamed = next(
        (key for d in wanted for key, value in arguments.items() if d in _numbers(value)),
        _largest_given(given),
    )
    if blamed is None:
        return TooLarge(
            _(
                "{builder}(): layer {layer} would hold {params} weights, {size}, more than the "
                "{memory} of memory this process may use; use a smaller input or smaller layers"
            ).format(**figures)
        )
    return TooLarge(
        _(
            "{builder}(): {argument}={value} is not usable: layer {layer} would hold {params} "
            "weights, {size}, more than the {memory} of memory this process may use; use a "
            "smaller value"
        ).format(argument=blamed, value=shown(arguments[blamed]), **figures)
    )
