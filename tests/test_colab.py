"""A notebook downloaded from the site runs where this package is not installed, as in Colab.

All of it real: the wheel as ``make site`` builds it and the downloadable notebooks as
build_site.py writes them, in a folder shaped like the site, served over HTTP on 127.0.0.1;
a clean virtual environment holding only TensorFlow (with Keras), nbclient and ipykernel, as
Colab has them (made with uv, from its cache after the first time); in it, notebook 07 and
notebook 01 of each edition, downloaded from the server and executed top to bottom in a
Jupyter kernel. The first notebook's first cell pip installs the package from the served
wheel; the kernel runs under the C locale, so a zh-TW notebook prints in zh-TW only because it
asks to. The tests share one environment, in this order: a first cell whose install fails,
the four notebooks, then the package's command from the wheel.
"""

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jupytext
import nbformat
import pytest
from build_site import add_wheel, edition_homes, for_download

ROOT = Path(__file__).resolve().parents[1]
# Notebook 07 installs the package with its [digits] extra (it trains on scikit-learn's
# digits), before notebook 01, which needs nothing more; both print the package's text.
RUNS = [
    (edition, name)
    for name in ("07_training", "01_sequential_vs_functional")
    for edition in ("zh-TW", "en")
]
# A CJK ideograph: text the package printed in zh-TW (the code cells are the same in both
# editions, so one in an output came from the package).
HAN = re.compile(r"[\u4e00-\u9fff]")
# What the set-up cell says when pip could not install the package.
INSTALL_IT = re.compile(r"^Install it yourself / 請自行安裝: pip install '(.+)'$")

# Run by the clean environment's Python: executes a notebook, writes it back with its outputs.
# Its kernel talks over Unix sockets, not TCP ports that a kernel of another test may take
# between being chosen and bound (as scripts/notebook_runner.py does).
EXECUTE = """
import sys, tempfile, nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
source, target, folder = sys.argv[1:]
notebook = nbformat.read(source, as_version=4)
with tempfile.TemporaryDirectory() as scratch:
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=scratch + "/ipc")
    where = {"metadata": {"path": folder}}
    client = NotebookClient(notebook, km=manager, timeout=600, resources=where)
    try:
        client.execute()
    finally:
        nbformat.write(notebook, target)
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
"""

pytestmark = pytest.mark.xdist_group("colab")  # one worker makes the environment, in order


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reads what was fetched, not a log on stderr
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A folder shaped like the site (the wheel at its root, each edition's notebooks in its
    home), served on 127.0.0.1; yields its URL."""
    folder = tmp_path_factory.mktemp("site")
    add_wheel(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    url = f"http://127.0.0.1:{server.server_port}/"
    for edition, home in edition_homes().items():
        for name in {name for _, name in RUNS}:
            source = ROOT / "notebooks" / edition / f"{name}.py"
            target = folder / home / f"{name}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(for_download(jupytext.read(source), url, name), target)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


def _environment(venv, home):
    """What the clean environment's programs run under: no trace of this project's venv or of
    the developer's locale, Jupyter's own folders empty, the C locale (Colab has en_US)."""
    dropped = ("VIRTUAL_ENV", "PYTHONPATH", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "PYTEST_")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    environment.pop("TF_CPP_MIN_LOG_LEVEL", None)
    here = str(Path(sys.executable).parent)
    path = [p for p in environment.get("PATH", "").split(os.pathsep) if p and p != here]
    return {
        **environment,
        "PATH": os.pathsep.join([str(venv / "bin"), *path]),
        "LANG": "C.UTF-8",
        "JUPYTER_DATA_DIR": str(home / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(home / "jupyter-config"),
        "IPYTHONDIR": str(home / "ipython"),
    }


# What the fixtures below made, kept for the worker's session: pytest-xdist tears a module's
# fixtures down whenever a worker waits for its next test, and they take minutes to make.
_MADE = {}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A new virtual environment with TensorFlow and Keras (this venv's versions), nbclient and
    ipykernel, and pip (the notebook's first cell runs it): (its folder, environment)."""
    if "clean" not in _MADE:
        _MADE["clean"] = _clean(tmp_path_factory)
    return _MADE["clean"]


def _clean(tmp_path_factory):
    home = tmp_path_factory.mktemp("clean")
    venv = home / "venv"
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or "uv"
    environment = _environment(venv, home)
    pins = [
        f"{name}=={importlib.metadata.version(name)}"
        for name in ("tensorflow", "keras", "nbclient", "ipykernel")
    ]
    for command in (
        [uv, "venv", "--seed", "--quiet", "--python", sys.executable, str(venv)],
        [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), *pins],
        # The kernel Jupyter names "python3" is this environment's, whatever the machine has.
        [str(venv / "bin" / "python"), "-m", "ipykernel", "install", "--sys-prefix"],
    ):
        done = subprocess.run(command, capture_output=True, text=True, env=environment)
        assert done.returncode == 0, f"{' '.join(command[:3])}: {done.stderr[-3000:]}"
    return venv, environment


def _download(url, folder):
    target = folder / url.rsplit("/", 1)[-1]
    with urllib.request.urlopen(url, timeout=30) as response:
        target.write_bytes(response.read())
    return target


def _execute(notebook, clean, folder):
    """Runs ``notebook`` in the clean environment; returns it executed, and the error, if any."""
    venv, environment = clean
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", EXECUTE, str(notebook), str(notebook), str(folder)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=folder,
        timeout=900,
    )
    return nbformat.read(notebook, as_version=4), (done.stderr[-4000:] if done.returncode else "")


def _errors(notebook):
    return [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]


def _text(notebook):
    """What the code cells printed and displayed as text."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def ran(clean, tmp_path_factory, request):
    """The notebooks' runs in the clean environment, by (edition, name), after a run of a first
    cell whose wheel is missing from the site (under "failed"), and the site's URL ("site")."""
    if "ran" not in _MADE:
        _MADE["ran"] = _ran(request.getfixturevalue("site"), clean, tmp_path_factory)
    return _MADE["ran"]


def _ran(site, clean, tmp_path_factory):
    homes = edition_homes()
    runs = {}
    folder = tmp_path_factory.mktemp("failed")
    first = next(
        c
        for c in jupytext.read(ROOT / "notebooks/zh-TW/07_training.py").cells
        if c.cell_type == "code"
    )
    broken = nbformat.v4.new_notebook(
        cells=[first],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    path = folder / "first-cell.ipynb"
    nbformat.write(for_download(broken, f"{site}missing/"), path)
    runs["failed"] = _execute(path, clean, folder)
    for edition, name in RUNS:
        folder = tmp_path_factory.mktemp(f"{edition}-{name}")
        notebook = _download(f"{site}{homes[edition]}{name}.ipynb", folder)
        runs[edition, name] = _execute(notebook, clean, folder)
    runs["site"] = site
    return runs


def test_a_first_cell_that_cannot_install_says_in_one_line_what_to_run(ran):
    notebook, error = ran["failed"]
    assert error, "the first cell ran without the package, and without its wheel"
    [shown] = _errors(notebook)
    assert shown.ename == "SystemExit"
    command = INSTALL_IT.fullmatch(shown.evalue)
    assert command, shown.evalue
    missing = f"{ran['site']}missing/keras_recipes-"
    assert command.group(1).startswith(f"keras-recipes[digits] @ {missing}")
    # IPython shows a SystemExit as its message alone: no traceback of the cell's lines.
    assert "subprocess" not in "\n".join(shown.traceback)


@pytest.mark.parametrize(("edition", "name"), RUNS, ids=[f"{e}-{n}" for e, n in RUNS])
def test_a_notebook_from_the_site_runs_where_the_package_is_missing(ran, edition, name):
    notebook, error = ran[edition, name]
    assert not error and not _errors(notebook), error
    printed = _text(notebook)
    if edition == "zh-TW":
        assert HAN.search(printed), f"{edition}/{name} printed nothing in zh-TW"
    else:
        assert not HAN.search(printed), f"{edition}/{name} printed zh-TW: {HAN.search(printed)}"


def test_the_installed_wheel_explains_in_zh_TW_with_its_compiled_catalogue(ran, clean):
    venv, environment = clean
    command = [str(venv / "bin" / "keras-recipes"), "--lang", "zh-TW", "explain", "cnn"]
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "tests/golden/zh-TW/explain-cnn.txt").read_text("utf-8")
    # From the wheel the notebooks installed, not from this checkout.
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import keras_recipes; print(keras_recipes.__file__)"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=venv,
    )
    assert where.stdout.startswith(str(venv / "lib")), where.stdout + where.stderr
