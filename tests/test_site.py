"""The website, opened in a real browser: every page of both editions, as a reader sees it.

The site is built once per test run from the executed-notebook cache that ``make site``
shares (``scripts/build_site.py``), served from a local HTTP server, and opened in the
system's headless Chromium through Playwright. Each page is loaded once, in its own browser
context, and then checked: it loads with no error and no request leaving the machine, its
images load and every figure the notebook made is there, the check tables say every row
matches (but in the learner's mistake a notebook checks on purpose), Chinese is drawn in a
CJK font, the language switch and every link lead to a page that exists, a notebook page
offers its executed ``.ipynb``, every picture is a file with an alt text in the page's
language, a notebook page is at most 300 KB of HTML, and a zh-TW page's full-page
screenshot is saved to look at:
in ``$KERAS_RECIPES_SCREENSHOTS`` if set, else in ``screenshots/`` under pytest's temporary
folder for the run (``/tmp/pytest-of-$USER/pytest-current/screenshots/``).

The last tests open small hand-made pages to show that each check catches what it is for.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from build_site import Page, build_site, edition_homes, site_pages
from notebook_cache import locked
from playwright.sync_api import Browser, BrowserContext, sync_playwright
from playwright.sync_api import Page as BrowserPage

from keras_recipes import i18n

# One worker opens every page once and builds the site once; split across workers, each
# worker would build the site and load the pages its share of the tests asks for.
pytestmark = pytest.mark.xdist_group("site")

PAGES = site_pages()
NOTEBOOK_PAGES = [page for page in PAGES if page.name.endswith(".ipynb")]
# The edition whose notebooks the tests execute (as test_notebooks does); the other's notebook
# pages are built from their sources, without outputs, and checked for what they are made of.
EXECUTED = "zh-TW"
EXECUTED_PAGES = [page for page in NOTEBOOK_PAGES if page.language == EXECUTED]
ZH_PAGES = [page for page in PAGES if page.language == "zh-TW"]
HOMES = edition_homes()
SCREENSHOTS_ENV = "KERAS_RECIPES_SCREENSHOTS"
# Long enough for a page to load on two cores busy with TensorFlow.
TIMEOUT_MS = 60_000
VIEWPORT = {"width": 1280, "height": 900}  # a laptop
PHONE = {"width": 390, "height": 844}

# The statuses the checker gives a row (keras_recipes.checker), shown in the page's language.
STATUSES = ("ok", "differs", "follows", "missing", "extra")
# Rows a notebook flags on purpose, and says why in its prose: notebook 01 checks the
# functional model against the Sequential summary, which leaves the input layer out.
FLAGGED = {"01_sequential_vs_functional": ["input (InputLayer): extra"]}
# A CJK ideograph, which a Latin font has no glyph for.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_FONT = re.compile(r"CJK|\bTC\b|Hei|Ming|PingFang", re.IGNORECASE)


def page_id(page: Page) -> str:
    return f"{page.language}/{Path(page.name).stem}"


def twin(page: Page, language: str) -> Page:
    """The same page in ``language``'s edition."""
    return next(p for p in PAGES if p.language == language and p.name == page.name)


# ---------------------------------------------------------------- serving and opening


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serves ``folder`` on 127.0.0.1 while the block runs; yields its origin."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Visit:
    """A page loaded in its own browser context, with what went wrong while it loaded."""

    context: BrowserContext
    tab: BrowserPage
    origin: str
    problems: list[str] = field(default_factory=list)
    page: Page | None = None  # the site's page it shows


def open_page(browser: Browser, url: str) -> Visit:
    """Loads ``url`` and waits until the network is idle, recording console errors, script
    errors, failed requests, error responses and any request to another origin (which is
    aborted: nothing leaves the machine, even when a page asks)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"

    def local(address: str) -> bool:
        return address.startswith((f"{origin}/", "data:", "blob:"))

    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    context.route(lambda address: not local(address), lambda route: route.abort())
    tab = context.new_page()
    visit = Visit(context, tab, origin)
    say = visit.problems.append
    tab.on("console", lambda m: say(f"console error: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda error: say(f"script error: {error}"))
    tab.on("requestfailed", lambda r: say(f"request failed: {r.url} ({r.failure})"))
    tab.on("response", lambda r: say(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    tab.on("request", lambda r: None if local(r.url) else say(f"request leaves the site: {r.url}"))
    tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    return visit


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name in ("id", "name") and value)


@functools.cache
def fetch(url: str) -> tuple[int, frozenset[str]]:
    """(HTTP status, the ids of its elements when it is HTML) of ``url``."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_MS / 1000) as response:
            body = response.read()
            status = response.status
            html = response.headers.get_content_type() == "text/html"
    except urllib.error.HTTPError as error:
        return error.code, frozenset()
    parser = _Ids()
    if html:
        parser.feed(body.decode("utf-8", errors="replace"))
    return status, frozenset(parser.ids)


# ---------------------------------------------------------------- the checks


def broken_images(page: BrowserPage) -> list[str]:
    """The images on the page that did not load (what the reader sees as a broken image)."""
    page.wait_for_function("Array.from(document.images).every(image => image.complete)")
    sources = page.eval_on_selector_all(
        "img", "images => images.map(image => [image.naturalWidth, image.getAttribute('src')])"
    )
    return [
        f"image {number}: {source[:80]}"
        for number, (width, source) in enumerate(sources, 1)
        if not width > 0
    ]


def undescribed_images(page: BrowserPage, language: str) -> list[str]:
    """The images on the page a screen reader cannot read or a phone must download with the
    page: no alt text, alt text not in the page's language (a zh-TW page's must have Chinese
    in it), or the picture inline in the HTML (a ``data:`` address) rather than a file."""
    images = page.eval_on_selector_all(
        "img", "images => images.map(image => [image.getAttribute('src'), image.alt])"
    )
    problems = []
    for number, (source, alt) in enumerate(images, 1):
        if source.startswith("data:"):
            problems.append(f"image {number}: inline, {source[:30]}...")
        if not alt.strip() or (language == "zh-TW" and not HAN.search(alt)):
            problems.append(f"image {number}: alt text {alt!r}")
    return problems


def links(page: BrowserPage) -> list[str]:
    """Every link on the page, as the browser resolves it."""
    return page.eval_on_selector_all("a[href]", "anchors => anchors.map(a => a.href)")


def broken_links(page: BrowserPage, origin: str) -> list[str]:
    """The links to this site that lead to no page, or to a page without their anchor."""
    problems = []
    for href in sorted(set(links(page))):
        if not href.startswith(f"{origin}/"):
            continue  # a link to the web: the reader's to follow, not a request of the page
        address, _, anchor = href.partition("#")
        status, ids = fetch(address)
        if status != 200:
            problems.append(f"{href}: HTTP {status}")
        elif anchor and unquote(anchor) not in ids:
            problems.append(f"{href}: that page has no element with id {unquote(anchor)!r}")
    return problems


def check_outputs(page: BrowserPage) -> list[str]:
    """The text printed by each code cell on the page that calls ``check(``, as rendered."""
    cells = page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-CodeCell'))
            .filter(cell => cell.querySelector(':scope > .jp-Cell-inputWrapper'))
            .map(cell => ({
                code: cell.querySelector('.jp-InputArea pre')?.innerText ?? '',
                text: Array.from(cell.querySelectorAll(
                    '.jp-OutputArea-output[data-mime-type="text/plain"] pre'))
                    .map(pre => pre.innerText).join('\\n'),
            }))"""
    )
    return [cell["text"] for cell in cells if _prints_a_check(cell["code"])]


def check_codes(page: BrowserPage) -> list[str]:
    """The code of each cell on the page whose output ``check_outputs`` reads, in order."""
    codes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.jp-CodeCell'))
            .filter(cell => cell.querySelector(':scope > .jp-Cell-inputWrapper'))
            .map(cell => cell.querySelector('.jp-InputArea pre')?.innerText ?? '')"""
    )
    return [code for code in codes if _prints_a_check(code)]


def _prints_a_check(code: str) -> bool:
    # A cell ending in ``.ok`` shows only True or False.
    return re.search(r"\bcheck\(", code) is not None and not code.rstrip().endswith(".ok")


def table_rows(text: str, language: str) -> list[tuple[str, str]]:
    """(row label, status) for each row of the check tables in ``text``: the lines whose
    last column is one of the checker's statuses as printed in ``language``."""
    with i18n.language(language):
        statuses = {i18n._(status): status for status in STATUSES}
    rows = []
    for line in text.splitlines():
        columns = re.split(r"\s{2,}", line.strip())
        if len(columns) > 1 and columns[-1] in statuses:
            rows.append((columns[0], statuses[columns[-1]]))
    return rows


def cjk_probe(page: BrowserPage, selector: str) -> tuple[int, list[dict]] | None:
    """(Han characters, fonts Chromium drew them with) for the first element inside
    ``selector`` whose own text has Han characters; None when there is none.

    The fonts are what Chromium actually used (DevTools' CSS.getPlatformFontsForNode), not
    what the stylesheet asks for: a missing font shows up here as a fallback."""
    count = page.evaluate(
        """([selector, han]) => {
            for (const scope of document.querySelectorAll(selector)) {
                const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (!new RegExp(han).test(node.data)) continue;
                    const element = node.parentElement;
                    element.setAttribute('data-cjk-probe', '');
                    const own = Array.from(element.childNodes)
                        .filter(child => child.nodeType === Node.TEXT_NODE)
                        .map(child => child.data).join('');
                    return own.match(new RegExp(han, 'g')).length;
                }
            }
            return 0;
        }""",
        [selector, HAN.pattern],
    )
    if not count:
        return None
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": "[data-cjk-probe]"})
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        session.detach()
        page.evaluate(
            "document.querySelector('[data-cjk-probe]').removeAttribute('data-cjk-probe')"
        )
    return count, fonts


def font_problem(han: int, fonts: list[dict]) -> str | None:
    """Why ``han`` Han characters drawn with ``fonts`` are not all in a CJK font, or None."""
    in_cjk = sum(font["glyphCount"] for font in fonts if CJK_FONT.search(font["familyName"]))
    if in_cjk >= han:
        return None
    drawn = ", ".join(f"{font['familyName']} ({font['glyphCount']} glyphs)" for font in fonts)
    return f"{han} Han characters, {in_cjk} of them drawn in a CJK font; fonts used: {drawn}"


def boxes(page: BrowserPage) -> list[dict]:
    """Every visible ``pre`` and table of the article, as the reader sees it: what it holds
    (a notebook's ``code``, a ``check`` table, other ``output``), its box and content widths, its
    lines' widths unwrapped, and how it scrolls sideways (the box itself or the block around
    it): whether it may, how much room its scrollbar takes, and the scrollbar's colours."""
    return page.evaluate(
        r"""() => {
            const probe = document.createElement('span');
            probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
            document.body.appendChild(probe);
            const found = Array.from(document.querySelectorAll('article pre, article table'))
                .filter(box => box.offsetParent !== null)
                .map(box => {
                    const cell = box.closest('.jp-CodeCell');
                    const code = cell?.querySelector('.jp-InputArea pre')?.innerText ?? '';
                    const input = box.closest('.jp-InputArea') !== null;
                    const kind = input ? 'code' : /\bcheck\(/.test(code) ? 'check' : 'output';
                    probe.style.font = getComputedStyle(box).font;
                    const lines = box.tagName === 'PRE' ? box.innerText.split('\n') : [];
                    const widths = lines.map(line => { probe.textContent = line;
                                                       return probe.offsetWidth; });
                    let scroller = box.querySelector(':scope > code') ?? box;
                    while (scroller !== cell && scroller.parentElement &&
                           !/(auto|scroll)/.test(getComputedStyle(scroller).overflowX)) {
                        scroller = scroller.parentElement;
                    }
                    const style = getComputedStyle(scroller);
                    return {
                        kind, lines, widths, box: box.clientWidth, content: box.scrollWidth,
                        scrolls: /(auto|scroll)/.test(style.overflowX),
                        wider: scroller.scrollWidth > scroller.clientWidth + 1,
                        bar: scroller.offsetHeight - scroller.clientHeight
                             - parseFloat(style.borderTopWidth)
                             - parseFloat(style.borderBottomWidth),
                        colour: style.scrollbarColor,
                        start: (box.innerText || '').slice(0, 50),
                    };
                });
            probe.remove();
            return found;
        }"""
    )


def table_lines(lines: list[str]) -> list[int]:
    """Which of a check output's lines belong to its tables: not a title (the line above a
    table's first rule), not a problem said under it ("! ..."), not blank."""
    rule = re.compile(r"-{10,}")
    return [
        i
        for i, line in enumerate(lines)
        if line.strip()
        and not line.startswith("! ")
        and not (i + 1 < len(lines) and rule.fullmatch(lines[i + 1]) and not rule.fullmatch(line))
    ]


def cut_off(found: list[dict]) -> list[str]:
    """At a laptop's width: the boxes whose content is wider than the box, and the lines of
    code and of check tables that do not fit whole on one line."""
    problems = []
    for box in found:
        if box["content"] > box["box"] + 1:
            problems.append(f"{box['kind']} {box['start']!r}: {box['content']} px in {box['box']}")
        whole = range(len(box["lines"])) if box["kind"] == "code" else []
        if box["kind"] == "check":
            whole = table_lines(box["lines"])
        problems += [
            f"{box['kind']} line {box['lines'][i]!r}: {box['widths'][i]} px in {box['box']}"
            for i in whole
            if box["widths"][i] > box["box"] + 1
        ]
    return problems


def hidden_scrollbars(found: list[dict]) -> list[str]:
    """At a phone's width: the boxes wider than their block that do not scroll, or whose
    scrollbar takes no room or has a transparent thumb (shown only once hovered)."""
    return [
        f"{box['kind']} {box['start']!r}: scrolls={box['scrolls']}, bar={box['bar']}px, "
        f"colour={box['colour']!r}"
        for box in found
        if box["wider"]
        and not (
            box["scrolls"]
            and box["bar"] > 0
            and box["colour"] not in ("auto", "")
            and not re.match(r"(transparent|rgba\(\d+, \d+, \d+, 0\))", box["colour"])
        )
    ]


# ---------------------------------------------------------------- fixtures


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, the same for every pytest-xdist worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@dataclass(frozen=True)
class Site:
    folder: Path
    staging: Path  # the pages it was made from: the executed notebooks among them
    origin: str

    def url(self, page: Page) -> str:
        return f"{self.origin}/{page.url(HOMES)}"

    def notebook(self, page: Page) -> nbformat.NotebookNode:
        """The executed notebook ``page`` was rendered from.

        Read from the site's own staging, not the cache: the cache holds the run for the
        package as it is now, which may have changed since the site was built."""
        return nbformat.read(self.staging / page.language / page.name, as_version=4)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The site built once for the whole run (the first worker builds, the others wait and
    read it), served on a port of its own in each worker."""
    shared = _run_folder(tmp_path_factory)
    folder, staging = shared / "site", shared / "site-staging"
    with locked(shared / "site.lock"):
        if not (folder / "index.html").is_file():  # the build puts the site in place whole
            build_site(folder, staging=staging, log=False, editions=(EXECUTED,))
    with serve(folder) as origin:
        yield Site(folder, staging, origin)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The system's Chromium, headless, kept from reaching the network on its own."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: `make browser` installs it (the system package)")
    args = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    if getattr(os, "geteuid", lambda: -1)() == 0:
        args.append("--no-sandbox")  # Chromium refuses to sandbox itself as root
    with sync_playwright() as playwright:
        # Scrollbars shown, as a reader's browser shows them: headless Chromium hides them.
        launched = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=args,
            ignore_default_args=["--hide-scrollbars"],
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or _run_folder(tmp_path_factory) / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def visit(request: pytest.FixtureRequest, site: Site, browser: Browser) -> Iterator[Visit]:
    """The page (``request.param``) loaded once, for all the checks made on it."""
    loaded = open_page(browser, site.url(request.param))
    loaded.page = request.param
    yield loaded
    loaded.context.close()


def png_outputs(notebook: nbformat.NotebookNode) -> int:
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def notebook_check_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    return [
        "".join(output.get("text", "") for output in cell.outputs)
        for cell in notebook.cells
        if cell.cell_type == "code" and _prints_a_check(cell.source)
    ]


def pages(which: list[Page]):
    return pytest.mark.parametrize("visit", which, ids=page_id, indirect=True)


# ---------------------------------------------------------------- every page


@pages(PAGES)
def test_page_loads_without_errors_or_requests_elsewhere(visit):
    assert visit.problems == []


@pages(PAGES)
def test_every_image_loads_from_a_file_described_in_the_page_s_language(visit):
    assert broken_images(visit.tab) == []
    assert undescribed_images(visit.tab, visit.page.language) == []


@pages(EXECUTED_PAGES)
def test_every_figure_of_the_notebook_is_on_its_page(visit, site):
    shown = visit.tab.locator(".jp-OutputArea-output img").count()
    made = png_outputs(site.notebook(visit.page))
    assert made > 0
    assert shown == made, f"the notebook made {made} figures; the page shows {shown}"


@pages(EXECUTED_PAGES)
def test_check_tables_match_but_in_the_learners_mistake(visit, site):
    page = visit.page
    tables = [table_rows(text, page.language) for text in check_outputs(visit.tab)]
    made = [table_rows(text, page.language) for text in notebook_check_outputs(site.notebook(page))]
    assert tables == made, "the page's check tables differ from the notebook's run"
    assert all(tables), "a check table on the page has no rows"
    # A learner's mistake, checked on purpose ("A mistake, checked"), flags rows; no other does.
    flagged = []
    for code, table in zip(check_codes(visit.tab), tables, strict=True):
        wrong = [f"{label}: {status}" for label, status in table if status != "ok"]
        if "check(yours" in code:
            assert wrong, f"the learner's mistake in {code!r} flags nothing"
        else:
            flagged += wrong
    assert flagged == FLAGGED.get(Path(page.name).stem, [])


@pages(ZH_PAGES)
def test_chinese_is_drawn_in_a_cjk_font(visit):
    page = visit.page
    # The first heading with Chinese in it (the README's title is the package's name).
    probes = {"heading": cjk_probe(visit.tab, "article h1, article h2, article h3")}
    code = cjk_probe(visit.tab, "article pre")
    if page.name.endswith(".ipynb") or code is not None:  # every zh-TW notebook prints Chinese
        probes["code"] = code
    problems = {
        where: "no Chinese text found" if probe is None else font_problem(*probe)
        for where, probe in probes.items()
    }
    assert problems == dict.fromkeys(probes)


@pages(PAGES)
def test_on_a_laptop_every_table_and_code_line_is_shown_whole(visit):
    found = boxes(visit.tab)
    assert cut_off(found) == []


@pages(PAGES)
def test_on_a_phone_a_box_wider_than_the_screen_shows_its_scrollbar(visit):
    visit.tab.set_viewport_size(PHONE)
    try:
        found = boxes(visit.tab)
    finally:
        visit.tab.set_viewport_size(VIEWPORT)
    assert any(box["wider"] for box in found) or not visit.page.name.endswith(".ipynb")
    assert hidden_scrollbars(found) == []


@pages(PAGES)
def test_language_switch_leads_to_the_same_page_in_the_other_edition(visit, site):
    page = visit.page
    switch = visit.tab.eval_on_selector_all(
        ".md-select__link", "anchors => anchors.map(a => [a.hreflang, a.href])"
    )
    assert dict(switch) == {language: site.url(twin(page, language)) for language in HOMES}
    assert {href: fetch(href)[0] for _, href in switch} == {href: 200 for _, href in switch}


@pages(PAGES)
def test_every_internal_link_leads_to_a_page(visit):
    assert broken_links(visit.tab, visit.origin) == []


@pages(EXECUTED_PAGES)
def test_notebook_page_offers_its_executed_notebook(visit, site):
    page = visit.page
    download = site.url(page).removesuffix(".html") + ".ipynb"
    assert download in links(visit.tab), f"no link to {download} on the page"
    with urllib.request.urlopen(download, timeout=TIMEOUT_MS / 1000) as response:
        notebook = nbformat.reads(response.read().decode("utf-8"), as_version=4)
    nbformat.validate(notebook)
    run = site.notebook(page)
    assert png_outputs(notebook) == png_outputs(run) > 0
    outputs = [len(cell.get("outputs", [])) for cell in notebook.cells]
    assert outputs == [len(cell.get("outputs", [])) for cell in run.cells]


# The zh-TW pages: the edition built here with its notebooks' outputs (make site shows both).
@pages(ZH_PAGES)
def test_full_page_screenshot_is_saved(visit, screenshots, png_pixels):
    """Saved in $KERAS_RECIPES_SCREENSHOTS, else /tmp/pytest-of-$USER/pytest-current/screenshots."""
    page = visit.page
    path = screenshots / f"{page.language}-{Path(page.name).stem}.png"
    size = "[document.documentElement.clientWidth, document.documentElement.scrollHeight]"
    width, height = visit.tab.evaluate(size)  # the page's scrollbar shown beside it
    visit.tab.screenshot(path=path, full_page=True)
    assert png_pixels(path) == (width, height)
    assert width >= VIEWPORT["width"] - 20


# ---------------------------------------------------------------- the site as a whole


# TensorFlow's C++ log, in a page or in a notebook's JSON: "E0000 00:00:1796666161.45 9733 ...]".
TF_LOG_LINE = re.compile(r"[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ \S+:\d+\] ")


def test_no_page_or_downloadable_notebook_shows_tensorflows_log(site):
    shown = {
        str(path.relative_to(site.folder)): TF_LOG_LINE.findall(path.read_text(encoding="utf-8"))
        for path in [*site.folder.rglob("*.html"), *site.folder.rglob("*.ipynb")]
    }
    assert {path: lines for path, lines in shown.items() if lines} == {}


# A notebook page's HTML, its pictures and stylesheet in files of their own (a phone on a slow
# line loads the text first).
MAX_NOTEBOOK_PAGE_BYTES = 300_000


def test_a_notebook_page_s_html_is_at_most_300_kb(site):
    sizes = {page_id(p): (site.folder / p.url(HOMES)).stat().st_size for p in NOTEBOOK_PAGES}
    assert {page: size for page, size in sizes.items() if size > MAX_NOTEBOOK_PAGE_BYTES} == {}
    # The executed pages are measured with every output in them.
    assert all(sizes[page_id(page)] > 50_000 for page in EXECUTED_PAGES)


def test_every_page_is_in_the_built_site(site):
    missing = [page.url(HOMES) for page in PAGES if not (site.folder / page.url(HOMES)).is_file()]
    assert missing == []


@pytest.mark.parametrize("language", sorted(HOMES))
def test_navigation_lists_the_course_in_section_order(site, browser, language):
    visit = open_page(browser, f"{site.origin}/{HOMES[language]}index.html")
    try:
        hrefs = visit.tab.eval_on_selector_all(
            "nav.md-nav--primary a.md-nav__link[href]", "anchors => anchors.map(a => a.href)"
        )
    finally:
        visit.context.close()
    home = f"{site.origin}/{HOMES[language]}"
    names = [href.removeprefix(home) for href in hrefs if "#" not in href]
    assert names == [
        "index.html",
        "01_sequential_vs_functional.html",
        "02_standard_networks.html",
        "03_shared_layers.html",
        "04_multiple_inputs_outputs.html",
        "05_cnn_erratum.html",
        "06_keras2_to_keras3.html",
        "07_training.html",
        "08_guide_graphs_and_nesting.html",
        "09_guide_inputs_outputs_and_layers.html",
        "teachers.html",
        "glossary.html",
        "keras2-to-keras3.html",
        "readme.html",
    ]


@pytest.mark.parametrize("language", sorted(HOMES))
def test_search_finds_a_layer_name(site, browser, language):
    visit = open_page(browser, f"{site.origin}/{HOMES[language]}index.html")
    try:
        page = visit.tab
        page.click("input.md-search__input")
        page.keyboard.type("hidden1")
        target = f"{site.origin}/{HOMES[language]}02_standard_networks.html"
        result = page.locator(f'.md-search-result__link[href^="{target}"]').first
        result.wait_for()
        result.click()
        page.wait_for_url(f"{target}**")
        page.wait_for_load_state("networkidle")
        assert "hidden1" in page.locator("article").inner_text()
        assert visit.problems == []
    finally:
        visit.context.close()


# ---------------------------------------------------------------- the checks, on hand-made pages


def test_an_inline_picture_or_an_english_alt_on_a_chinese_page_is_caught(browser):
    tab = browser.new_page()
    try:
        tab.set_content(
            '<img src="data:image/png;base64,iVBORw0KGgo=" alt="多層感知器的網絡拓撲圖">'
            '<img src="images/mlp.png" alt="No description has been provided for this image">'
            '<img src="images/cnn.png">'
        )
        assert undescribed_images(tab, "zh-TW") == [
            "image 1: inline, data:image/png;base64,iVBORw0K...",
            "image 2: alt text 'No description has been provided for this image'",
            "image 3: alt text ''",
        ]
        assert undescribed_images(tab, "en") == [
            "image 1: inline, data:image/png;base64,iVBORw0K...",
            "image 3: alt text ''",
        ]
    finally:
        tab.close()
