"""The memory this process may use, and the one place a model too large for it is refused.

Past that memory a container's kernel kills the process, and under ``ulimit -v``
TensorFlow raises and can crash on the next call. So ``guard`` watches Keras
create each weight and refuses one that would not fit before it is allocated.
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
    """Bytes this process may use: the least of physical memory, the memory limits of its
    cgroup and those above it (v2 ``memory.max``, v1 ``memory.limit_in_bytes``), and what
    ``RLIMIT_AS`` leaves beside what is mapped; None where none can be read (Windows)."""
    found = _cgroup_limits(cgroup_root, own_cgroups)
    with contextlib.suppress(AttributeError, ValueError, OSError):  # no sysconf on Windows
        found.append(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        if limit != resource.RLIM_INFINITY:
            pages = int(Path("/proc/self/statm").read_text().split()[0])
            found.append(max(limit - pages * os.sysconf("SC_PAGE_SIZE"), 1))
    except (ImportError, OSError, ValueError, IndexError):  # not Linux
        pass
    return min((limit for limit in found if limit > 0), default=None)


def _cgroup_limits(root: Path, own_cgroups: Path) -> list[int]:
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
    found = []
    for hierarchy, file in (("", "memory.max"), ("memory", "memory.limit_in_bytes")):
        parts = PurePosixPath(places[hierarchy]).parts[1:]
        if ".." in parts:  # a cgroup outside this namespace: only the root is visible
            parts = ()
        for depth in range(len(parts), -1, -1):
            with contextlib.suppress(OSError, UnicodeDecodeError):
                text = (root / hierarchy / Path(*parts[:depth]) / file).read_text().strip()
                if text.isdigit():  # "max" means no limit
                    found.append(int(text))
    return found


@contextlib.contextmanager
def guard(builder: str, arguments: Mapping[str, Any], given: Mapping[str, Any]) -> Iterator[None]:
    """While the block builds a model, refuses a weight that would not fit in memory (those
    made so far, and twice the new one: computed, then copied in), or a model of more than
    ``MOST_WEIGHTS`` weights (``blocks=10**9`` would build layers for hours), raising
    ``TooLarge`` naming ``builder`` and an argument, ``given`` (the caller's) first."""
    from keras.src.backend import Variable  # the backend's: TensorFlow's here
    from keras.src.utils.dtype_utils import dtype_size

    memory = memory_bytes()
    create = Variable._initialize_with_initializer
    held, made = 0, 0

    def checked(variable: Any, initializer: Any) -> None:
        nonlocal held, made
        size = math.prod(variable.shape) * dtype_size(variable.dtype) // 8
        made += 1
        if memory is not None and held + 2 * size > memory:
            # Blamed on the argument holding the weight's largest dimension; a gated
            # layer's is 3 or 4 times its units (GRU, LSTM).
            values = {**given, **arguments}
            wanted = [max(variable.shape) // gates for gates in (1, 4, 3)]
            blamed = next(
                (key for d in wanted for key, value in values.items() if d in _numbers(value)),
                _largest_given(given),
            )
            path = variable.path
            problem = _(
                "layer {layer} would hold {params} weights, {size}, more than the {memory} of "
                "memory this process may use"
            ).format(
                layer=repr(path.split("/")[-2] if "/" in path else path),
                params=number(math.prod(variable.shape)),
                size=byte_size(size),
                memory=byte_size(memory),
            )
            raise _refused(builder, blamed, values, problem)
        if made > MOST_WEIGHTS:
            problem = _("the model would hold more than {most} weight tensors")
            most = problem.format(most=number(MOST_WEIGHTS))
            raise _refused(builder, _largest_given(given), given, most)
        create(variable, initializer)
        held += size

    Variable._initialize_with_initializer = checked
    try:
        yield
    finally:
        Variable._initialize_with_initializer = create


def _refused(builder: str, blamed: str | None, values: Mapping[str, Any], problem: str) -> TooLarge:
    if blamed is None:
        message = _("{builder}(): {problem}; use a smaller input or smaller layers")
        return TooLarge(message.format(builder=builder, problem=problem))
    message = _("{builder}(): {argument}={value} is not usable: {problem}; use a smaller value")
    value = shown(values[blamed])
    return TooLarge(message.format(builder=builder, argument=blamed, value=value, problem=problem))


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
