"""Files written whole or not at all, into places checked before any work starts.

``train`` and ``plot`` write through ``write_atomically``; the command checks where they
will write (``folder_problem``, ``file_problem``) before it builds anything, so a refused
run costs nothing and leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from keras_recipes.i18n import _, os_reason, shown

# Temporary files being written now: a process ended at once removes them first.
_PARTIAL: set[Path] = set()


def write_atomically(
    path: Path, write: Callable[[Any], Any], *, check: Callable[[Path], Any] | None = None
) -> None:
    """Writes ``path`` through a temporary file beside it, renamed into place once whole:
    whatever fails, the previous file (or none) is left, never half of one.

    ``write`` gets the temporary file, open for bytes; ``check``, if given, its path once
    written, and stops the rename by raising.
    """
    # Opened as any new file is, so it gets the mode the umask gives (mkstemp's is owner-only).
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    file = open(temporary, "xb")  # noqa: SIM115  closed below, before the rename
    _PARTIAL.add(temporary)
    try:
        with file:
            write(file)
        if check is not None:
            check(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        _PARTIAL.discard(temporary)


def remove_partial_files() -> None:
    """Deletes the temporary files of writes in progress, for a process about to end at once."""
    for temporary in list(_PARTIAL):
        with contextlib.suppress(OSError):
            temporary.unlink()


def folder_problem(folder: Path) -> str | None:
    """Why files cannot be written into ``folder``, made if missing, or None when they can.

    Nothing is created here (``new_folder`` makes it). The reason is a clause to follow the
    caller's own words: ``'runs' is not a folder``.
    """
    existing = folder
    while not existing.exists():  # the nearest folder that is there already
        existing = existing.parent
    if not existing.is_dir():
        return _("{folder} is not a folder").format(folder=shown(existing))
    try:  # a trial file says more than os.access (read-only mounts, root)
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        message = _("folder {folder} is not writable ({reason})")
        return message.format(folder=shown(existing), reason=os_reason(error))
    return None


def file_problem(path: Path) -> str | None:
    """Why file ``path`` cannot be written into its folder, which must be there, or None;
    said as the system would say it."""
    if path.is_dir():
        return _("Is a directory")
    if not path.parent.exists():
        return _("No such file or directory")
    if path.exists() and not os.access(path, os.W_OK):  # not replaced, though it could be
        return _("Permission denied")
    return folder_problem(path.parent)


@contextlib.contextmanager
def new_folder(folder: Path) -> Iterator[Path]:
    """Makes ``folder`` and its missing parents; if the block fails, removes those it made
    while they are empty, so a failed write leaves the tree as it was."""
    made = [f for f in (folder, *folder.parents) if not f.exists()]  # deepest first
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield folder
    except BaseException:
        for empty in made:
            try:
                empty.rmdir()
            except OSError:  # not empty: something else is in it
                break
        raise
