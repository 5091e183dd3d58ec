"""``make site``: the course as a static website in ``site/``, both editions, every output.

Three steps:

1. Every notebook of both editions is executed, or taken from the cache when nothing it
   depends on changed (``notebook_cache``).
2. The pages are staged into ``build/site-docs/<language>/``: the learner's start page (the
   home page), the executed notebooks of its edition, then the reference pages: the page
   for teachers, the glossary, the Keras 2 to 3 notes and the README (the developers' page),
   each in that language. The links between repository files become links between pages.
3. MkDocs renders each edition into a scratch folder, strict, its navigation in that order:
   ``mkdocs.yml`` the zh-TW one at the site's root, ``mkdocs.en.yml`` the English one in
   ``en/``. The scratch folder then replaces ``site/`` whole: a failed build leaves the last
   good site as it was. (``scripts/site_images.py``, a hook, writes each notebook page's
   pictures and stylesheet to files as it is rendered.)

A notebook downloaded from the site runs anywhere (Colab, a Jupyter without this package): its
first cell pip installs the package from the wheel the site serves at its root. The site's
address (``--site-url``, default ``site_url`` in mkdocs.yml) is written into each downloadable
notebook, and ``make site`` builds the wheel into the site (``for_download``, ``add_wheel``).

Usage: ``python scripts/build_site.py [--out site] [--site-url URL]``. Prints how long each
notebook took (or that it came from the cache) and the whole build's time.
"""

from __future__ import annotations

import argparse
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import yaml
from notebook_cache import ROOT, Run, cache_folder, executed
from notebook_runner import EDITIONS, find_notebooks

from keras_recipes.i18n import ENGLISH

CONFIG = ROOT / "mkdocs.yml"
STAGING = ROOT / "build" / "site-docs"

# The site's pages besides the notebooks: page name -> its source in each language. The
# first is the home page, before the notebooks; the others follow them, in this order.
DOCUMENTS = {
    "index.md": {ENGLISH: "docs/start.md", "zh-TW": "docs/start.zh-TW.md"},
    "teachers.md": {ENGLISH: "docs/teachers.md", "zh-TW": "docs/teachers.zh-TW.md"},
    "glossary.md": {ENGLISH: "docs/glossary.md", "zh-TW": "docs/glossary.zh-TW.md"},
    "keras2-to-keras3.md": {
        ENGLISH: "docs/keras2-to-keras3.md",
        "zh-TW": "docs/keras2-to-keras3.zh-TW.md",
    },
    "readme.md": {ENGLISH: "README.md", "zh-TW": "README.zh-TW.md"},
}
# A page whose first heading does not say what it is for in the navigation: the README's
# is the package's name.
NAV_TITLES = {"readme.md": {ENGLISH: "README (for developers)", "zh-TW": "README（給開發者）"}}  # noqa: RUF001
STYLESHEET = ROOT / "docs" / "site.css"

# A Markdown link's target: [text](target#anchor), up to the closing parenthesis.
_LINK = re.compile(r"(\]\()([^)#\s]*)(#[^)\s]*)?(\))")


class SiteError(Exception):
    """The site cannot be built as asked; the message says what to change."""


# The line of a notebook's first cell that names the site its package is installed from.
_SITE_LINE = re.compile(r'^SITE = "[^"\n]*"$', re.MULTILINE)
# What the wheel is built from: the package, and what pyproject.toml names beside it.
_PACKAGE_SOURCES = ("pyproject.toml", "setup.py", "README.md", "keras_recipes")


def default_site_url(config: Path = CONFIG) -> str:
    """Where the site is published: ``site_url`` in mkdocs.yml."""
    with open(config, encoding="utf-8") as handle:
        return str(yaml.load(handle, Loader=_ConfigLoader)["site_url"])


def check_site_url(site_url: str) -> None:
    """Raises SiteError unless ``site_url`` is an http(s) address of a folder."""
    if not re.fullmatch(r"https?://[^\s/]+/(\S*/)?", site_url):
        raise SiteError(
            f"SITE_URL={site_url} is not usable: expected the http(s) address of the site's "
            "folder, ending in '/', such as https://example.github.io/keras-recipes/"
        )


def for_download(
    notebook: nbformat.NotebookNode, site_url: str, name: str = "notebook"
) -> nbformat.NotebookNode:
    """``notebook`` with its first code cell installing the package from ``site_url``.

    Raises:
        SiteError: the URL is not an http(s) folder, or the first code cell names no site.
    """
    check_site_url(site_url)
    notebook = nbformat.from_dict(notebook)  # a copy: the cached run stays as it ran
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    source, found = _SITE_LINE.subn(f'SITE = "{site_url}"', first.source)
    if found != 1:
        raise SiteError(f'{name}: its first code cell must set SITE = "<the site\'s address>" once')
    first.source = source
    return notebook


def copy_package_sources(target: Path) -> Path:
    """Copies what the package is built from into ``target`` (made, or emptied); returns it.

    Catalogues compiled by an editable install stay behind: the build compiles its own.
    """
    shutil.rmtree(target, ignore_errors=True)
    for name in _PACKAGE_SOURCES:
        if (ROOT / name).is_dir():
            skip = shutil.ignore_patterns("__pycache__", "*.mo")
            shutil.copytree(ROOT / name, target / name, ignore=skip)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def add_wheel(out: Path) -> Path:
    """Builds the package's wheel (``python -m build``) into ``out``; returns its path.

    It is built from a copy of the package's sources, so builds at once (tests, make site)
    never share setuptools' scratch folders in the repository.

    Raises:
        SiteError: the build failed; the message ends with what it printed.
    """
    with tempfile.TemporaryDirectory(prefix="keras-recipes-wheel-") as scratch:
        sources = copy_package_sources(Path(scratch) / "sources")
        wheels = Path(scratch) / "wheels"
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir"]
        done = subprocess.run([*command, str(wheels), str(sources)], capture_output=True, text=True)
        built = sorted(wheels.glob("*.whl"))
        if done.returncode != 0 or len(built) != 1:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise SiteError(f"the package's wheel did not build (python -m build):\n{tail}")
        out.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(built[0], out / built[0].name))


@dataclass(frozen=True)
class Page:
    language: str
    name: str  # the page's file in its language's folder: index.md, 01_x.ipynb
    source: Path  # the repository file it is made from

    def url(self, homes: dict[str, str]) -> str:
        """Where the page is served, from the site's root: ``"en/glossary.html"``."""
        return f"{homes[self.language]}{Path(self.name).stem}.html"


def site_pages(root: Path = ROOT) -> list[Page]:
    """Every page of the site, each language's in its navigation order: the home page, the
    notebooks, the other documents."""
    pages = []
    for language in EDITIONS:
        documents = [Page(language, name, root / src[language]) for name, src in DOCUMENTS.items()]
        notebooks = [
            Page(language, f"{source.stem}.ipynb", source)
            for source in find_notebooks(root / "notebooks" / language)
        ]
        pages += [documents[0], *notebooks, *documents[1:]]
    return pages


def navigation(pages: Iterable[Page], language: str) -> list[str | dict[str, str]]:
    """MkDocs' ``nav`` for ``language``'s edition: its pages in ``site_pages`` order, each
    titled by its first heading or by ``NAV_TITLES``."""
    return [
        {NAV_TITLES[page.name][language]: page.name} if page.name in NAV_TITLES else page.name
        for page in pages
        if page.language == language
    ]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain values; Python objects it names are left out."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


def edition_homes(config: Path = CONFIG) -> dict[str, str]:
    """Each edition's home from the site's root (``extra.languages`` in mkdocs.yml).

    Raises:
        SiteError: they are not the package's languages, or none is at the root.
    """
    with open(config, encoding="utf-8") as handle:
        languages = yaml.load(handle, Loader=_ConfigLoader)["extra"]["languages"]
    homes = {edition["lang"]: edition["home"] for edition in languages}
    if sorted(homes) != sorted(EDITIONS) or "" not in homes.values():
        raise SiteError(
            f"{config.name}: extra.languages names {sorted(homes)} with homes "
            f"{list(homes.values())}; it must name the package's languages, {list(EDITIONS)}, "
            'one of them at the root (home: "")'
        )
    return homes


def config_of(language: str, homes: dict[str, str]) -> Path:
    """The MkDocs configuration that builds ``language``: mkdocs.yml for the one at the
    root, mkdocs.<language>.yml (which inherits it) for the others."""
    return CONFIG if homes[language] == "" else CONFIG.with_suffix(f".{language}.yml")


def rewrite_links(text: str, page: Page, pages: Iterable[Page], homes: dict[str, str]) -> str:
    """``text`` (Markdown of ``page``) with each link to a repository file turned into a
    link to the page made from it; web links and in-page anchors stay as they are.

    Raises:
        SiteError: a link names a file that is no page of the site.
    """
    by_source = {p.source.resolve(): p for p in pages}
    here = page.source.parent

    def rewrite(match: re.Match[str]) -> str:
        opening, target, anchor, closing = match.groups()
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
            return match.group(0)
        linked = by_source.get((here / target).resolve())
        if linked is None:
            raise SiteError(
                f"{page.source.relative_to(ROOT)}: the link to {target!r} leads to no page "
                f"of the site; link to one of {sorted(DOCUMENTS)} or a notebook"
            )
        if linked.language == page.language:
            new = linked.name  # MkDocs resolves links between the files of one edition
        else:
            # Another edition is another MkDocs build: a plain URL, relative to this page.
            new = posixpath.relpath(linked.url(homes), posixpath.dirname(page.url(homes)) or ".")
        return f"{opening}{new}{anchor or ''}{closing}"

    return _LINK.sub(rewrite, text)


def stage(
    notebooks: dict[Path, nbformat.NotebookNode],
    pages: list[Page],
    staging: Path,
    homes: dict[str, str],
) -> None:
    """Writes each language's pages into ``staging/<language>/``."""
    shutil.rmtree(staging, ignore_errors=True)
    for page in pages:
        target = staging / page.language / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if page.name.endswith(".ipynb"):
            nbformat.write(notebooks[page.source], target)
        else:
            text = page.source.read_text(encoding="utf-8")
            target.write_text(rewrite_links(text, page, pages, homes), encoding="utf-8")
        if page.name == "index.md":
            stylesheet = staging / page.language / "stylesheets" / STYLESHEET.name
            stylesheet.parent.mkdir(exist_ok=True)
            shutil.copyfile(STYLESHEET, stylesheet)


def render(
    staging: Path,
    out: Path,
    homes: dict[str, str],
    nav: dict[str, list[str | dict[str, str]]] | None = None,
) -> None:
    """Runs MkDocs on each edition in ``staging``, strict, and puts the site at ``out`` whole;
    ``nav``: each edition's navigation (default: MkDocs', its files in alphabetical order)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        # The edition at the root first: MkDocs empties the folder it builds into.
        for language in sorted(homes, key=lambda language: homes[language] != ""):
            config = load_config(
                str(config_of(language, homes)),
                docs_dir=str(staging / language),
                site_dir=str(scratch / "site" / homes[language]),
            )
            if nav:
                config["nav"] = nav[language]
            # Rendered notebooks are kept beside the executed ones, by content; one folder per
            # edition, as mkdocs-jupyter clears what the build at hand did not use.
            jupyter = config.plugins["mkdocs-jupyter"].config
            jupyter["cache_dir"] = str(cache_folder().parent / "mkdocs-jupyter" / language)
            try:
                build(config)
            except MkDocsException as error:
                raise SiteError(f"MkDocs ({language}): {error}") from error
        if out.exists():
            os.replace(out, scratch / "old")
        os.replace(scratch / "site", out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def build_site(
    out: Path,
    *,
    staging: Path = STAGING,
    jobs: int = 1,
    log: bool = True,
    editions: Collection[str] | None = None,
    site_url: str | None = None,
) -> dict[Path, Run]:
    """Executes (or reads from the cache) every notebook, stages and renders the site.

    Args:
        out: the folder the site replaces.
        staging: where the pages are gathered for MkDocs.
        jobs: notebooks run at once, each in its own kernel.
        log: print each notebook's time as it is ready.
        editions: the editions whose notebooks are executed (default: all); the others'
            pages show the notebooks without outputs, as a test of the site's make-up.
        site_url: where the site is published, which downloaded notebooks install the
            package from (default: mkdocs.yml's ``site_url``).

    Returns:
        Each executed notebook's run, by source.
    """
    homes = edition_homes()
    pages = site_pages()
    missing = [str(p.source.relative_to(ROOT)) for p in pages if not p.source.is_file()]
    if missing:
        raise SiteError(f"the site needs these files, which are missing: {', '.join(missing)}")
    sources = [page.source for page in pages if page.name.endswith(".ipynb")]
    ran = [s for s in sources if editions is None or s.parent.name in editions]
    runs = {}
    # Threads are enough: each notebook runs in a kernel process of its own.
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for run in pool.map(executed, ran):
            runs[run.source] = run
            if log:
                how = "cached" if run.cached else "ran"
                name = f"{run.source.parent.name}/{run.source.stem}"
                print(f"  {name}: {how}, {run.seconds:.1f} s", flush=True)
    notebooks = {
        source: for_download(
            runs[source].read() if source in runs else jupytext.read(source),
            site_url or default_site_url(),
            str(source.relative_to(ROOT)),
        )
        for source in sources
    }
    stage(notebooks, pages, staging, homes)
    render(staging, out, homes, {language: navigation(pages, language) for language in homes})
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="default: site/")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="notebooks run at once (default: cores)",
    )
    parser.add_argument(
        "--site-url",
        default=None,
        help="where the site is published, which downloaded notebooks install the package "
        "from (default: site_url in mkdocs.yml)",
    )
    args = parser.parse_args(argv)
    # MkDocs reports at INFO what it builds; its warnings (and strict failures) are what count.
    # Other libraries' warnings (jupyter_client closing kernels) are not the site's.
    logging.getLogger().setLevel(logging.ERROR)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    mkdocs = logging.getLogger("mkdocs")
    mkdocs.setLevel(logging.WARNING)
    mkdocs.addHandler(handler)
    started = time.monotonic()
    try:
        if args.site_url is not None:
            check_site_url(args.site_url)  # before the notebooks run, not after
        build_site(args.out, jobs=max(args.jobs, 1), site_url=args.site_url)
        add_wheel(args.out)
    except SiteError as error:
        print(f"make site: {error}", file=sys.stderr)
        return 2
    print(f"site built in {time.monotonic() - started:.1f} s: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
