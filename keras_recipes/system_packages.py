"""What drawing needs from the system, which pip cannot install, and the command for each here:
one table for the error messages and ``scripts/ensure-system-packages.sh`` (unattended)."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path

GRAPHVIZ = "graphviz"  # the `dot` program Keras draws diagrams with
CJK_FONT = "cjk-font"  # a font with Traditional Chinese, for Chinese labels and titles
BROWSER = "browser"  # Chromium, which the tests open the built website in
SYSTEM_PACKAGES = (GRAPHVIZ, CJK_FONT, BROWSER)
OS_RELEASE = Path("/etc/os-release")  # which Linux this is

# Package manager -> (what a person types, what runs without a prompt); {} is the package.
_MANAGERS = {
    "apt-get": (
        "apt-get install {}",
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
        "apt-get install -y -qq --no-install-recommends {}",
    ),
    "dnf": ("dnf install {}", "dnf install -y {}"),
    "apk": ("apk add {}", "apk add --no-cache {}"),
    "pacman": ("pacman -S {}", "pacman -S --noconfirm {}"),
    "zypper": ("zypper install {}", "zypper --non-interactive install {}"),
    "brew": ("brew install {}", "brew install {}"),
    "conda": ("conda install -c conda-forge {}", "conda install -y -c conda-forge {}"),
}
_NO_ROOT = {"brew", "conda"}  # they install for this user (Homebrew refuses root)
# Root is likely in a fresh container, whose package lists are empty.
_AS_ROOT = {"apt-get": "apt-get update && apt-get install -y {}"}

# Systems (/etc/os-release IDs, or sys.platform) -> manager, names of the SYSTEM_PACKAGES.
_SYSTEMS = {
    "debian ubuntu": ("apt-get", "graphviz", "fonts-noto-cjk", "chromium"),
    "fedora rhel centos": ("dnf", "graphviz", "google-noto-sans-cjk-fonts", "chromium"),
    "alpine": ("apk", "graphviz", "font-noto-cjk", "chromium"),
    "arch": ("pacman", "graphviz", "noto-fonts-cjk", "chromium"),
    "suse opensuse": ("zypper", "graphviz", "google-noto-sans-cjk-fonts", "chromium"),
    "darwin": ("brew", "graphviz", "--cask font-noto-sans-cjk-tc", "--cask chromium"),
    # No package manager known: advice only, nothing to run unattended.
    "win32": (
        "",
        "winget install graphviz (then add Graphviz's bin folder to PATH)",
        "the Noto Sans CJK TC font (see https://github.com/notofonts/noto-cjk)",
        "winget install Hibbiki.Chromium",
    ),
    "": (
        "",
        "your system's graphviz package (see https://graphviz.org/download/)",
        "your system's Noto Sans CJK font package (see https://github.com/notofonts/noto-cjk)",
        "your system's chromium package",
    ),
}


def _system() -> tuple[str, ...]:
    """This system's row of ``_SYSTEMS``, found by its own ID first, then those it is like."""
    ids = [sys.platform]
    if sys.platform == "linux":
        with contextlib.suppress(OSError, ValueError):  # unreadable, or not shell syntax
            words = shlex.split(OS_RELEASE.read_text(encoding="utf-8"), comments=True)
            release = dict(word.split("=", 1) for word in words if "=" in word)
            ids = [release.get("ID", ""), *release.get("ID_LIKE", "").split()]
    rows = {name: row for names, row in _SYSTEMS.items() for name in names.split()}
    return next((rows[name] for name in ids if name in rows), _SYSTEMS[""])


def install_command(package: str, *, unattended: bool = False) -> str:
    """The command that installs one of ``SYSTEM_PACKAGES`` here; ``unattended``, the form run
    without a prompt or ``sudo`` (``""`` where no package manager is known). Decided without
    ``PATH``, which may be what hides ``dot`` from a Jupyter kernel."""
    manager, *names = _system()
    name = names[SYSTEM_PACKAGES.index(package)]
    if package == GRAPHVIZ and (Path(sys.prefix) / "conda-meta").is_dir():
        # conda-forge's Graphviz lands on the environment's PATH; fonts still come from
        # the system, where conda's fontconfig looks too.
        manager, name = "conda", "graphviz"
    if not manager:
        return "" if unattended else name
    typed, without_prompt = _MANAGERS[manager]
    if unattended:
        return without_prompt.format(name)
    if manager in _NO_ROOT:
        return typed.format(name)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return _AS_ROOT.get(manager, typed).format(name)
    return "sudo " + typed.format(name)


# Shown beside this system's command: a kernel may run under another package manager.
OTHER_SYSTEMS = (
    "apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS), "
    "conda install -c conda-forge graphviz (conda)"
)
OTHER_SYSTEMS_FONT = (
    "apt-get install fonts-noto-cjk (Debian/Ubuntu), brew install --cask font-noto-sans-cjk-tc "
    "(macOS)"
)
