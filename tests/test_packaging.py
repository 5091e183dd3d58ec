"""What a learner meets before any model: the install, the import, and the set-up's own output."""

import ast
import gettext
import importlib.metadata
import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import build_site
import jupytext
import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _python(code, env=None):
    """Runs ``code`` in a fresh interpreter, as a learner's script would."""
    environment = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**environment, **(env or {})},
    )


# A learner's script that makes TensorFlow's C++ log an error at run time, inside every
# training step, as oneDNN does on some CPUs, whatever CPU runs it; then a TensorFlow error.
LOGS_WHILE_TRAINING = """
import keras_recipes
import keras, numpy as np, tensorflow as tf

class Logs(keras.layers.Layer):
    def call(self, x):
        tf.print("written by TensorFlow's C++ logging", output_stream=tf.compat.v1.logging.error)
        return x

inputs = keras.Input((2,))
model = keras.Model(inputs, keras.layers.Dense(1)(Logs()(inputs)))
model.compile("sgd", "mse")
model.fit(np.zeros((4, 2)), np.zeros((4, 1)), epochs=1, verbose=0)
tf.debugging.assert_equal(1, 2, message="one is not two")
"""
# A line of TensorFlow's or absl's log: "E0000 00:00:1796666161.455565 9733 util.cc:131] ...".
TF_LOG_LINE = re.compile(r"^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ \S+:\d+\] ", re.MULTILINE)


def test_importing_the_package_first_keeps_tensorflows_start_up_log_out_of_import_keras():
    code = (
        "import sys, keras_recipes\n"
        "assert 'tensorflow' not in sys.modules, 'the package imported TensorFlow'\n"
        "import keras\n"
        "print(keras.backend.backend())\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "tensorflow\n"
    assert done.stderr == ""  # no absl preamble, no CUDA probe, no CPU-feature lines


def test_tensorflows_run_time_log_is_hidden_and_its_errors_still_shown():
    done = _python(LOGS_WHILE_TRAINING)
    assert done.returncode == 1
    assert TF_LOG_LINE.findall(done.stderr) == []
    assert "written by TensorFlow" not in done.stderr
    assert "InvalidArgumentError" in done.stderr and "one is not two" in done.stderr


def test_a_log_level_the_user_sets_is_kept():
    # The same script, with the log asked for: the line is there, so the test above can fail.
    done = _python(LOGS_WHILE_TRAINING, env={"TF_CPP_MIN_LOG_LEVEL": "0"})
    assert "logging_ops.cc" in done.stderr
    assert "] written by TensorFlow's C++ logging" in done.stderr


def test_an_error_inside_tensorflows_import_is_still_shown():
    # The silenced descriptor is restored before Python prints the exception.
    code = (
        "import keras_recipes, builtins\n"
        "real = builtins.__import__\n"
        "def broken(name, *args, **kwargs):\n"
        "    if name == 'tensorflow.python': raise ImportError('no tensorflow.python here')\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = broken\n"
        "import tensorflow\n"
    )
    done = _python(code)
    assert done.returncode == 1
    assert "ImportError: no tensorflow.python here" in done.stderr


def test_tensorflow_imported_quietly_still_answers_as_its_own_loader_does():
    import tensorflow as tf

    from keras_recipes import _quiet

    assert tf.__spec__.loader.is_package("tensorflow")  # importlib.resources asks such things
    _quiet.install()  # TensorFlow is there already: nothing left to silence
    assert not any(isinstance(finder, _quiet._QuietFinder) for finder in sys.meta_path)


def test_the_licence_is_an_spdx_expression_so_setuptools_prints_no_deprecation_banner():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"
    # SPDX strings need setuptools 77 or newer.
    assert "setuptools>=77" in project["build-system"]["requires"]


def _distribution(requirement):
    """``pytest-xdist>=3.5`` -> ``pytest-xdist``, spelt as PEP 503 compares names."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement).group()
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_package_imports_nothing_from_the_dev_extras():
    # `pip install keras-recipes`, without [dev] or [site], must be enough for every module it
    # ships.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    optional = project["project"]["optional-dependencies"]
    extras = optional["dev"] + optional["site"]
    dev = {_distribution(r) for r in extras} - {_distribution(project["project"]["name"])}
    dev_modules = {
        module
        for module, distributions in importlib.metadata.packages_distributions().items()
        if {_distribution(d) for d in distributions} & dev
    }
    assert {"pytest", "nbclient", "jupytext"} <= dev_modules
    found = []
    for path in sorted((ROOT / "keras_recipes").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in dev_modules]
    assert found == []


def _version():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """``python -m build`` on a copy of the package's sources: an sdist, then a wheel built
    from it. No build isolation: the build requirements are the dev extras' own, offline."""
    folder = tmp_path_factory.mktemp("dist")
    sources = build_site.copy_package_sources(folder / "sources")
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(folder / "out")]
    done = subprocess.run([*command, str(sources)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return folder / "out"


def test_build_makes_a_wheel_and_an_sdist_that_twine_check_passes(dist):
    version = _version()
    wheel, sdist = f"keras_recipes-{version}-py3-none-any.whl", f"keras_recipes-{version}.tar.gz"
    assert sorted(path.name for path in dist.iterdir()) == [wheel, sdist]
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dist / wheel), str(dist / sdist)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2


def test_the_wheel_carries_the_compiled_catalogue_and_the_printed_summaries(dist):
    with zipfile.ZipFile(dist / f"keras_recipes-{_version()}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        compiled = wheel.read("keras_recipes/locale/zh_TW/LC_MESSAGES/keras_recipes.mo")
    catalogue = gettext.GNUTranslations(io.BytesIO(compiled))
    assert catalogue.gettext(" ({count} filters)") == "（{count} 個濾波器）"
    printed = {
        str(path.relative_to(ROOT)) for path in (ROOT / "keras_recipes" / "printed").rglob("*.txt")
    }
    assert printed and printed <= names
    # The sdist holds the catalogue's source, from which a wheel built from it compiles its own.
    with tarfile.open(dist / f"keras_recipes-{_version()}.tar.gz") as sdist:
        inside = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert "keras_recipes/locale/zh_TW/LC_MESSAGES/keras_recipes.po" in inside
    assert not any(name.endswith(".mo") for name in inside)


# The first code cell's lines that say where a notebook installs the package from.
SITE_LINE = re.compile(r'^SITE = "(.*)"$', re.MULTILINE)
PACKAGE_LINE = re.compile(r'^PACKAGE = f"keras-recipes(\[digits\])? @ \{SITE\}(.+)"$', re.MULTILINE)


@pytest.mark.parametrize(
    "source",
    sorted((ROOT / "notebooks").glob("*/[0-9]*.py")),
    ids=lambda p: f"{p.parent.name}-{p.stem}",
)
def test_a_notebook_installs_the_wheel_the_build_makes_from_the_site_s_address(source):
    cells = [cell.source for cell in jupytext.read(source).cells if cell.cell_type == "code"]
    site, package = SITE_LINE.search(cells[0]), PACKAGE_LINE.search(cells[0])
    assert site and package, f"{source.name}: its first code cell names no SITE and PACKAGE"
    # The sources carry the default address; make site writes SITE_URL over it.
    assert site.group(1) == build_site.default_site_url()
    assert package.group(2) == f"keras_recipes-{_version()}-py3-none-any.whl"
    # scikit-learn, for the notebooks that load the digits.
    digits = any("load_digits(" in code for code in cells)
    assert bool(package.group(1)) == digits, f"{source.name}: [digits] is for the digits only"


@pytest.mark.parametrize("address", ["keras-recipes.github.io/", "https://example.org/course"])
def test_make_site_refuses_an_address_that_is_no_site_folder_in_one_line(address, tmp_path, capsys):
    assert build_site.main(["--out", str(tmp_path / "site"), "--site-url", address]) == 2
    assert capsys.readouterr().err == (
        f"make site: SITE_URL={address} is not usable: expected the http(s) address of the "
        "site's folder, ending in '/', such as https://example.github.io/keras-recipes/\n"
    )
    assert list(tmp_path.iterdir()) == []
