"""Learners' own models, typed from the documents as a student types them.

Each file in ``tests/students/<label>/`` builds one model against the configuration
``<label>`` names, with its layers unnamed and at most two mistakes. The report the
learner sees is kept whole in ``tests/golden/students/`` (English) and
``tests/golden/zh-TW/students/``; the table below says at a glance what each one
must find: a pass, or the first mistake's layer, argument and value.
"""

import runpy
from pathlib import Path

import keras
import pytest

from keras_recipes import check, language
from keras_recipes.checker import render

STUDENTS = Path(__file__).parent / "students"
GOLDEN = Path(__file__).parent / "golden"
FOLDERS = {"en": GOLDEN / "students", "zh-TW": GOLDEN / "zh-TW" / "students"}

# label/case -> the first hint, as the English report words it; None: the model passes.
EXPECTED = {
    "autoencoder/correct": None,
    "autoencoder/pool_size": "max_pooling2d: `pool_size` should be 3",
    "cnn/correct": None,
    "cnn-flatten=True/correct": None,
    "cnn-flatten=True/filters": "conv1 (your conv2d): `filters` should be 128",
    "cnn-flatten=True/kernel_size": "conv1 (your conv2d): `kernel_size` should be 4",
    "cnn-flatten=True/missing_flatten": "one Flatten layer is missing between pool2 and hidden1",
    "cnn-flatten=True/pool_size": "pool1 (your max_pooling2d): `pool_size` should be 2",
    "cnn-flatten=True/strides": "conv1 (your conv2d): `strides` should be 1",
    "cnn-flatten=True/two_mistakes": "conv1 (your conv2d): `kernel_size` should be 4",
    "ensemble/correct": None,
    "ensemble/missing_member": "one Functional layer is missing between input and average",
    "mlp/activation": "output (your dense_3): `activation` should be 'softmax'",
    "mlp/correct": None,
    "mlp/extra_layer": "dense_3 is an extra Dense layer (64 units), after hidden3",
    "mlp/missing_layer": "one Dense layer (128 units) is missing between hidden2 and output",
    "mlp/two_mistakes": "hidden1 (your dense): `units` should be 512",
    "mlp/units": "hidden2 (your dense_1): `units` should be 216",
    "mnist-model/correct": None,
    "mnist-model/units": "dense_1: `units` should be 64",
    "multi-input/correct": None,
    "multi-input/filters": "conv22 (your conv2d_3): `filters` should be 16",
    "multi-output/activation": "output2 (your time_distributed): `activation` should be 'softmax'",
    "multi-output/correct": None,
    "rnn/correct": None,
    "rnn/units": "lstm1 (your lstm): `units` should be 128",
    "shared-feature-extractor/correct": None,
    "shared-feature-extractor/shallow_units": "interp1 (your dense): `units` should be 10",
    "shared-input/concatenation_order": "should join flatten_9, flatten_10 in that order",
    "shared-input/correct": None,
    "shared-input/wrong_branch": "conv2 (your conv2d_1) should read input, not pool1",
    "toy-resnet/correct": None,
    "toy-resnet/wrong_residual": "add_1 should read conv2d_13, add, not conv2d_13, max_pooling2d_2",
}


def test_every_student_file_has_an_expected_outcome():
    files = {f"{p.parent.name}/{p.stem}" for p in STUDENTS.glob("*/*.py")}
    assert files == set(EXPECTED)
    assert len(files) >= 30


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_a_students_model_gets_one_hint_at_its_cause(case, regen_golden):
    label, name = case.split("/")
    keras.backend.clear_session()  # unnamed layers are numbered per session: dense, dense_1, ...
    model = runpy.run_path(str(STUDENTS / label / f"{name}.py"))["model"]
    reports = {}
    for lang in FOLDERS:
        with language(lang):
            reports[lang] = check(model, label)
    hints = [line[2:] for line in render(reports["en"]).splitlines() if line.startswith("! ")]
    expected = EXPECTED[case]
    if expected is None:
        assert reports["en"].ok and not hints
    else:
        assert not reports["en"].ok
        assert expected in hints[0]
    for lang, folder in FOLDERS.items():
        text = render(reports[lang])
        path = folder / label / f"{name}.txt"
        if regen_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        else:
            assert text == path.read_text(encoding="utf-8"), f"{path}: run make golden"
