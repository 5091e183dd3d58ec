"""What a learner meets before any model: the install, the import, and the set-up's own output."""

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

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
