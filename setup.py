"""Builds the package's gettext catalogues: every ``.po`` under keras_recipes/locale/ to ``.mo``.

Everything else about the package is declared in pyproject.toml; this file only adds the
catalogue step to setuptools' ``build``, which both ``pip install .`` and ``pip install -e .``
run. An editable install writes the ``.mo`` files beside their ``.po`` (git ignores them).
"""

from __future__ import annotations

from pathlib import Path

from setuptools import Command, setup
from setuptools.command.build import build

LOCALE = Path("keras_recipes") / "locale"


class build_catalogs(Command):  # noqa: N801 -- setuptools names commands in snake case
    description = "compile the gettext catalogues (.po -> .mo)"
    user_options: list[tuple[str, str | None, str]] = []

    def initialize_options(self) -> None:
        self.build_lib: str | None = None
        self.editable_mode = False

    def finalize_options(self) -> None:
        self.set_undefined_options("build_py", ("build_lib", "build_lib"))

    def _pairs(self) -> list[tuple[Path, Path]]:
        root = Path(".") if self.editable_mode else Path(self.build_lib or "build")
        return [(po, root / po.with_suffix(".mo")) for po in sorted(LOCALE.glob("*/*/*.po"))]

    def run(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po, mo in self._pairs():
            with po.open("rb") as source:
                catalog = read_po(source)
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as target:
                write_mo(target, catalog)

    def get_source_files(self) -> list[str]:
        return [str(po) for po, _ in self._pairs()]

    def get_outputs(self) -> list[str]:
        return [str(mo) for _, mo in self._pairs()]

    def get_output_mapping(self) -> dict[str, str]:
        return {str(mo): str(po) for po, mo in self._pairs()}


build.sub_commands = [*build.sub_commands, ("build_catalogs", None)]

setup(cmdclass={"build_catalogs": build_catalogs})
