"""How ``make site`` and ``make notebooks`` are made, without a browser: the executed-notebook
cache, the pages and their links, the language switch's targets, and a build that fails
leaving the last good site whole. What the built site shows is tested in test_site.py."""

import base64
import hashlib
import json
import re
import sys
from pathlib import Path

import build_site
import nbformat
import notebook_cache
import pytest
import site_images
import yaml
from build_site import Page, SiteError, rewrite_links, site_pages
from live_notebooks import kernel_name, register_kernels, write_live
from nbclient.exceptions import CellExecutionError
from site_languages import twin_link

ROOT = Path(__file__).resolve().parents[1]
HOMES = {"zh-TW": "", "en": "en/"}
NOTEBOOK_NAMES = [
    "01_sequential_vs_functional.ipynb",
    "02_standard_networks.ipynb",
    "03_shared_layers.ipynb",
    "04_multiple_inputs_outputs.ipynb",
    "05_cnn_erratum.ipynb",
    "06_keras2_to_keras3.ipynb",
    "07_training.ipynb",
    "08_guide_graphs_and_nesting.ipynb",
    "09_guide_inputs_outputs_and_layers.ipynb",
]

# A notebook small enough to run in a second: one printed line and one file written where
# the runner says diagrams go.
TINY = """# %% [markdown]
# # A tiny notebook

# %%
import os
from pathlib import Path

print("hello from", Path.cwd().name)
(Path(os.environ["KERAS_RECIPES_DIAGRAMS"]) / "drawn.txt").write_text("a diagram")
"""


def _tiny(folder, text=TINY, edition="en"):
    source = folder / "notebooks" / edition / "01_tiny.py"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    return source


def _printed(notebook):
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


# ---------------------------------------------------------------- the pages


def test_each_edition_has_the_start_page_the_notebooks_then_the_reference_pages():
    for language in HOMES:
        names = [page.name for page in site_pages() if page.language == language]
        assert names == [
            "index.md",
            *NOTEBOOK_NAMES,
            "teachers.md",
            "glossary.md",
            "keras2-to-keras3.md",
            "readme.md",
        ]


def test_the_navigation_is_in_that_order_the_readme_titled_for_developers():
    nav = build_site.navigation(site_pages(), "zh-TW")
    assert nav[:2] == ["index.md", "01_sequential_vs_functional.ipynb"]
    assert nav[-2:] == ["keras2-to-keras3.md", {"README（給開發者）": "readme.md"}]
    assert build_site.navigation(site_pages(), "en")[-1] == {"README (for developers)": "readme.md"}


def test_every_page_is_made_from_a_file_of_its_own_language():
    sources = {(page.language, page.name): page.source for page in site_pages()}
    assert sources["en", "index.md"] == ROOT / "docs" / "start.md"
    assert sources["zh-TW", "index.md"] == ROOT / "docs" / "start.zh-TW.md"
    assert sources["en", "readme.md"] == ROOT / "README.md"
    assert sources["zh-TW", "teachers.md"] == ROOT / "docs" / "teachers.zh-TW.md"
    assert sources["zh-TW", "glossary.md"] == ROOT / "docs" / "glossary.zh-TW.md"
    assert sources["zh-TW", "02_standard_networks.ipynb"] == (
        ROOT / "notebooks" / "zh-TW" / "02_standard_networks.py"
    )
    assert all(source.is_file() for source in sources.values())


def test_pages_are_served_as_files_under_each_edition_s_home():
    assert Page("zh-TW", "index.md", ROOT).url(HOMES) == "index.html"
    assert Page("en", "02_standard_networks.ipynb", ROOT).url(HOMES) == (
        "en/02_standard_networks.html"
    )


def test_the_editions_are_the_package_s_languages_zh_tw_at_the_root():
    assert build_site.edition_homes() == HOMES


def test_an_edition_the_package_lacks_is_refused(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "extra:\n  languages:\n    - {lang: zh-TW, home: ''}\n    - {lang: fr, home: fr/}\n"
    )
    with pytest.raises(SiteError, match=r"names \['fr', 'zh-TW'\].*the package's languages"):
        build_site.edition_homes(config)


def test_each_edition_s_configuration_builds_it_in_its_language():
    for language, home in HOMES.items():
        config = build_site.config_of(language, HOMES)
        text = yaml.load(config.read_text(encoding="utf-8"), Loader=build_site._ConfigLoader)
        assert text["theme"]["language"] == language
        if home:  # the others inherit the root edition's settings
            assert config.name == f"mkdocs.{language}.yml"
            assert text["INHERIT"] == "mkdocs.yml"
            assert text["site_dir"] == f"site/{home}".rstrip("/")


# ---------------------------------------------------------------- links between pages


@pytest.fixture(scope="module")
def pages():
    return site_pages()


def _page(pages, language, name):
    return next(p for p in pages if (p.language, p.name) == (language, name))


@pytest.mark.parametrize(
    ("language", "link", "expected"),
    [
        ("en", "[terms](docs/glossary.md)", "[terms](glossary.md)"),
        ("en", "[go](notebooks/en/07_training.py#curves)", "[go](07_training.ipynb#curves)"),
        ("en", "[中文](README.zh-TW.md)", "[中文](../readme.html)"),
        ("zh-TW", "[English](README.md)", "[English](en/readme.html)"),
        ("en", "[start](docs/start.md#exercises)", "[start](index.md#exercises)"),
        ("zh-TW", "[詞](docs/glossary.zh-TW.md)", "[詞](glossary.md)"),
        (
            "en",
            "[docs](https://jupytext.readthedocs.io)",
            "[docs](https://jupytext.readthedocs.io)",
        ),
        ("en", "[below](#training-speed)", "[below](#training-speed)"),
    ],
)
def test_a_link_to_a_repository_file_becomes_a_link_to_its_page(pages, language, link, expected):
    readme = _page(pages, language, "readme.md")
    assert rewrite_links(f"see {link}.", readme, pages, HOMES) == f"see {expected}."


def test_a_link_from_a_page_in_a_folder_climbs_to_the_other_edition(pages):
    glossary = _page(pages, "en", "glossary.md")
    assert rewrite_links("[zh](glossary.zh-TW.md)", glossary, pages, HOMES) == (
        "[zh](../glossary.html)"
    )


def test_a_link_to_a_file_that_is_no_page_is_refused(pages):
    readme = _page(pages, "en", "readme.md")
    with pytest.raises(SiteError, match=r"README\.md: the link to 'Makefile' leads to no page"):
        rewrite_links("[the Makefile](Makefile)", readme, pages, HOMES)


def test_every_link_in_the_documents_leads_to_a_page(pages):
    for page in pages:
        if page.name.endswith(".md"):
            rewrite_links(page.source.read_text(encoding="utf-8"), page, pages, HOMES)


@pytest.mark.parametrize(
    ("page_url", "own", "other", "expected"),
    [
        ("02_standard_networks.html", "", "en/", "en/02_standard_networks.html"),
        ("02_standard_networks.html", "en/", "", "../02_standard_networks.html"),
        ("index.html", "en/", "", "../index.html"),
        ("glossary.html", "en/", "en/", "glossary.html"),
    ],
)
def test_the_language_switch_leads_to_the_same_page(page_url, own, other, expected):
    assert twin_link(page_url, own, other) == expected


# ---------------------------------------------------------------- the executed-notebook cache


def test_a_notebook_runs_once_then_comes_from_the_cache(tmp_path):
    source, cache = _tiny(tmp_path), tmp_path / "cache"
    first = notebook_cache.executed(source, cache)
    again = notebook_cache.executed(source, cache)
    assert (first.cached, again.cached) == (False, True)
    assert again.folder == first.folder
    assert again.seconds == first.seconds  # the first run's time, not a second run's
    assert _printed(again.read()) == "hello from en\n"  # run in the notebook's own folder
    assert (again.diagrams / "drawn.txt").read_text() == "a diagram"
    assert notebook_cache.cached_run(source, cache) == again


def test_a_changed_notebook_runs_again_and_its_old_run_goes(tmp_path):
    source, cache = _tiny(tmp_path), tmp_path / "cache"
    first = notebook_cache.executed(source, cache)
    source.write_text(TINY.replace("hello from", "hi from"), encoding="utf-8")
    assert notebook_cache.cached_run(source, cache) is None
    second = notebook_cache.executed(source, cache)
    assert second.cached is False and _printed(second.read()) == "hi from en\n"
    assert not first.folder.exists()


def test_the_key_follows_the_package_s_files_and_the_edition(tmp_path, monkeypatch):
    package = tmp_path / "package"
    (package / "__pycache__").mkdir(parents=True)
    (package / "recipes.py").write_text("UNITS = 512\n")
    monkeypatch.setattr(notebook_cache, "PACKAGE", package)
    source = _tiny(tmp_path)
    key = notebook_cache.content_key(source)
    (package / "__pycache__" / "recipes.cpython-311.pyc").write_bytes(b"compiled")
    assert notebook_cache.content_key(source) == key  # compiled files follow the sources
    (package / "recipes.py").write_text("UNITS = 216\n")
    changed = notebook_cache.content_key(source)
    assert changed != key
    zh = _tiny(tmp_path, edition="zh-TW")
    assert notebook_cache.content_key(zh) != changed  # same text, another locale


def test_a_failing_notebook_leaves_nothing_in_the_cache(tmp_path):
    source, cache = _tiny(tmp_path, TINY + '\nraise ValueError("cell 2 broke")\n'), tmp_path / "c"
    with pytest.raises(CellExecutionError, match="cell 2 broke"):
        notebook_cache.executed(source, cache)
    assert [path.name for path in cache.iterdir()] == ["en-01_tiny.lock"]


# ---------------------------------------------------------------- make notebooks, make lab


def test_make_notebooks_writes_a_standalone_executed_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv(notebook_cache.CACHE_ENV, str(tmp_path / "cache"))
    source = _tiny(tmp_path, edition="zh-TW")
    target = source.with_suffix(".ipynb")
    write_live(source, target)
    notebook = nbformat.read(target, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "keras-recipes-zh-tw"
    assert "jupytext" not in notebook.metadata  # editing it never rewrites the .py
    assert _printed(notebook) == "hello from zh-TW\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["01_tiny.ipynb", "01_tiny.py"]


def test_each_edition_gets_a_kernel_under_its_own_locale(tmp_path):
    folders = register_kernels(tmp_path)
    specs = {f.name: json.loads((f / "kernel.json").read_text("utf-8")) for f in folders}
    assert sorted(specs) == ["keras-recipes-en", "keras-recipes-zh-tw"]
    assert specs[kernel_name("zh-TW")]["env"] == {"LANG": "zh_TW.UTF-8"}
    assert specs[kernel_name("en")]["env"] == {"LANG": "C.UTF-8"}
    assert all(spec["argv"][0] == sys.executable for spec in specs.values())
    assert all(f.parent == tmp_path / "share" / "jupyter" / "kernels" for f in folders)


# ---------------------------------------------------------------- written whole or not at all


def _staging(folder, body):
    for language in HOMES:
        (folder / language / "stylesheets").mkdir(parents=True)
        (folder / language / "stylesheets" / "site.css").write_text("")
        (folder / language / "index.md").write_text(f"# {language}\n\n{body}\n")
    return folder


def test_the_site_is_replaced_whole(tmp_path):
    out = tmp_path / "site"
    (out / "old-page.html").parent.mkdir()
    (out / "old-page.html").write_text("last build")
    build_site.render(_staging(tmp_path / "staging", "Hello."), out, HOMES)
    assert (out / "index.html").is_file() and (out / "en" / "index.html").is_file()
    assert not (out / "old-page.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "staging"]  # no scratch left


def test_a_failed_build_leaves_the_last_site_as_it_was(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("last good build")
    broken = _staging(tmp_path / "staging", "[see](#no-such-heading)")
    with pytest.raises(SiteError, match=r"MkDocs \(zh-TW\): Aborted with 1 warnings in strict"):
        build_site.render(broken, out, HOMES)
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "last good build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "staging"]


# ---------------------------------------------------------------- pictures as described files

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        (
            "zh-TW",
            'Image(plot_recipe(mlp, DIAGRAMS / "02_standard_networks-mlp.png"))',
            "多層感知器（mlp）的網絡拓撲圖：每一層的名稱、類型、輸入與輸出形狀，以及哪一層接到"
            "哪一層。所在段落：3.1 多層感知器。",
        ),
        (
            "en",
            'show(curves.plot(cnn.history, title="cnn flatten=True"), "curves")',
            "Learning curves of Convolutional neural network (cnn flatten=True): the loss and "
            "accuracy on the training and validation data after each epoch. Section: 3.1 MLP.",
        ),
        (
            "zh-TW",
            'keras.utils.plot_model(model, to_file="x.png")\nImage("x.png")',
            "模型 model 的網絡拓撲圖：每一層的名稱、類型、輸入與輸出形狀，以及哪一層接到哪一層。"
            "所在段落：3.1 多層感知器。",
        ),
        (
            "en",
            "ax.plot(accuracy)\nshow(figure)",
            "Figure: Below, its accuracy after each row. Section: 3.1 MLP.",
        ),
    ],
)
def test_a_picture_is_described_in_the_page_s_language_by_what_its_cell_draws(
    language, code, expected
):
    heading = "3.1 多層感知器" if language == "zh-TW" else "3.1 MLP"
    before = "Below, its **accuracy** after each row. Then more." if language == "en" else ""
    assert site_images.describe(code, heading, before, language) == expected


def test_a_page_s_pictures_and_stylesheets_become_files_written_once(tmp_path):
    data = base64.b64encode(PNG).decode()
    img = f'<img class="" src="data:image/png;base64,{data}" alt="No description">'
    html = f'<style type="text/css">p {{}}</style><p>{img}</p><p>{img}</p>'
    alts = {hashlib.sha256(PNG).hexdigest(): 'A "diagram" & more'}
    page = site_images.as_files(html, "02_standard_networks.html", tmp_path, alts)
    image = f"images/02_standard_networks-{hashlib.sha256(PNG).hexdigest()[:12]}.png"
    shown = f'<img alt="A &quot;diagram&quot; &amp; more" class="" src="{image}">'
    css = f"stylesheets/notebook-{hashlib.sha256(b'p {}').hexdigest()[:12]}.css"
    assert page == f'<link rel="stylesheet" href="{css}"><p>{shown}</p><p>{shown}</p>'
    assert (tmp_path / image).read_bytes() == PNG
    assert (tmp_path / css).read_text() == "p {}"
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.*")) == [image, css]


def test_a_picture_the_notebook_does_not_show_is_refused(tmp_path):
    html = f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}">'
    with pytest.raises(ValueError, match=r"^x\.html: a picture on the page is in no output"):
        site_images.as_files(html, "x.html", tmp_path, {})


@pytest.mark.parametrize(
    ("page", "golden"),
    [("teachers.md", "students"), ("teachers.zh-TW.md", "zh-TW/students")],
)
def test_the_teachers_page_quotes_hints_the_checker_really_printed(page, golden):
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    quoted = {line.strip() for line in text.splitlines() if line.strip().startswith("! ")}
    printed = {
        line.strip()
        for path in (ROOT / "tests" / "golden" / golden).rglob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    assert len(quoted) >= 5
    assert quoted - printed == set()


ARTICLE = (
    "https://github.com/erhwenkuo/deep-learning-with-keras-notebooks/blob/master/"
    "1.1-keras-functional-api.ipynb"
)
ORIGINAL = "https://machinelearningmastery.com/keras-functional-api-deep-learning/"
# A row of README.md's table of run times: notebook, English, 繁體中文.
RUN_TIME = re.compile(r"^\| `(\d\d_\w+)` \| ([\d.]+ s) \| ([\d.]+ s) \|$", re.M)


@pytest.mark.parametrize(("language", "column"), [("en", 0), ("zh-TW", 1)])
def test_the_start_page_lists_every_notebook_in_order_with_the_readme_s_run_time(language, column):
    """Each line: the notebook's page and its run time, as README.md's table of run times
    gives it for that edition; and the article the course follows, with its original."""
    text = _page(site_pages(), language, "index.md").source.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    times = {name: row[column] for name, *row in RUN_TIME.findall(readme)}
    listed = re.findall(
        rf"^\d\. \[[^\]]+\]\(\.\./notebooks/{language}/(\w+)\.py\)\W+([\d.]+ s)", text, re.M
    )
    stems = [Path(name).stem for name in NOTEBOOK_NAMES]
    assert listed == [(stem, times[stem]) for stem in stems]
    assert f"({ARTICLE})" in text and f"({ORIGINAL})" in text
