"""A model too big for this machine is refused by its builder, from the package's own arithmetic,
before Keras allocates a single weight."""

import re
import sys
from pathlib import Path

import numpy as np
import pytest

from keras_recipes import RECIPES, _arguments
from keras_recipes.arithmetic import byte_size
from keras_recipes.i18n import language


@pytest.fixture
def memory(monkeypatch):
    """``memory(n)``: the builders see a machine with ``n`` bytes of memory."""

    def set_memory(size):
        monkeypatch.setattr(_arguments, "memory_bytes", lambda: size)

    return set_memory


@pytest.mark.parametrize(
    ("bytes_", "name", "kwargs", "message"),
    [
        # 784 x 4,096 + 4,096 = 3,215,360 and 4,096 x 10 + 10 = 40,970; 4 bytes each.
        (
            8_000_000,
            "mlp",
            {"hidden_units": (4096,)},
            "build_mlp(): hidden_units=(4096,) is not usable: the model would hold 3,256,330 "
            "parameters, 13.0 MB of weights, more than this machine's 8.0 MB of memory; "
            "use smaller layers",
        ),
        # pool2 leaves 7,497 x 7,497 x 64 = 3,597,120,576 features for hidden1's 64 units.
        (
            24_000_000_000,
            "cnn",
            {"input_shape": (30_000, 30_000, 3), "flatten": True},
            "build_cnn(): input_shape=(30000, 30000, 3) is not usable: the model would hold "
            "230,215,854,986 parameters, 920.9 GB of weights, more than this machine's 24.0 GB "
            "of memory; use a smaller input",
        ),
        # conv12 and conv22 each read 10**8 channels: 4 x 4 x 10**8 x 16 + 16 weights.
        (
            24_000_000_000,
            "multi-input",
            {"filters": (10**8, 16)},
            "build_multi_input(): filters=(100000000, 16) is not usable: the model would hold "
            "57,800,406,378 parameters, 231.2 GB of weights, more than this machine's 24.0 GB "
            "of memory; use smaller layers",
        ),
        # A 1 x 10**9 kernel over 128 filters: 128 x 10**9 + 128 weights in conv1.
        (
            24_000_000_000,
            "cnn",
            {
                "input_shape": (2, 10**9, 1),
                "filters": (128,),
                "kernel_size": (1, 10**9),
                "pool_size": 1,
            },
            "build_cnn(): kernel_size=(1, 1000000000) is not usable: the model would hold "
            "128,000,009,034 parameters, 512.0 GB of weights, more than this machine's 24.0 GB "
            "of memory; use smaller kernels",
        ),
        (
            24_000_000_000,
            "rnn",
            {"input_shape": (2**62, 1)},
            "build_rnn(): input_shape=(4611686018427387904, 1) is not usable: one sample would "
            "hold 4,611,686,018,427,387,904 numbers, 18.4 EB of input, more than this machine's "
            "24.0 GB of memory; use a smaller input",
        ),
    ],
)
def test_weights_or_a_sample_larger_than_memory_are_refused_naming_the_argument(
    memory, bytes_, name, kwargs, message
):
    memory(bytes_)
    with pytest.raises(ValueError) as error:
        RECIPES[name].build(**kwargs)
    assert str(error.value) == message


def test_weights_that_just_fit_are_built(memory):
    memory(4 * 3_256_330)
    assert RECIPES["mlp"].build(hidden_units=(4096,)).count_params() == 3_256_330


def test_refusal_comes_before_keras_and_before_seeding(memory):
    memory(25_000_000_000)
    np.random.seed(12345)
    before = np.random.get_state()[1].copy()
    with pytest.raises(ValueError, match=r"would hold 7,950,000,000,010 parameters, 31\.8 TB"):
        RECIPES["mlp"].build(hidden_units=(10**10,), seed=1)
    # The builder seeds the generators only after its checks, right before making layers.
    assert np.array_equal(np.random.get_state()[1], before)


def test_a_model_no_machine_holds_is_refused_on_this_one():
    # 784 x 10**12 weights: four petabytes, whatever this machine has.
    pattern = (
        r"^build_multi_input\(\): hidden_units=\(1000000000000,\) is not usable: the model would "
        r"hold [\d,]+ parameters, [\d.,]+ PB of weights, more than this machine's [\d.,]+ [kMGT]B "
        r"of memory; use smaller layers$"
    )
    with pytest.raises(ValueError, match=pattern):
        RECIPES["multi-input"].build(hidden_units=(10**12,))


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (512, "512 bytes"),
        (13_025_320, "13.0 MB"),
        (31_400_040_000, "31.4 GB"),
        (4 * 2**62, "18.4 EB"),
    ],
)
def test_byte_size_in_decimal_units(count, text):
    assert byte_size(count) == text


# ---------------------------------------------------------------- this machine's memory


def _cgroups(tmp_path, own, files):
    """A cgroup tree under ``tmp_path``: ``own`` as /proc/self/cgroup, ``files`` path -> text."""
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (tmp_path / "self-cgroup").write_text(own)
    return _arguments.memory_bytes(tmp_path / "fs", tmp_path / "self-cgroup")


def _physical_memory():
    text = Path("/proc/meminfo").read_text()
    return int(re.search(r"^MemTotal:\s+(\d+) kB", text, re.MULTILINE).group(1)) * 1024


linux = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/meminfo")


def test_cgroup_v2_limit_of_the_process_cgroup(tmp_path):
    files = {"fs/memory.max": "max\n", "fs/job/task/memory.max": "1000000\n"}
    assert _cgroups(tmp_path, "0::/job/task\n", files) == 1_000_000


def test_cgroup_v2_limit_of_a_parent_cgroup(tmp_path):
    files = {"fs/job/memory.max": "3000000\n", "fs/job/task/memory.max": "max\n"}
    assert _cgroups(tmp_path, "0::/job/task\n", files) == 3_000_000


def test_cgroup_v1_memory_limit(tmp_path):
    files = {
        "fs/memory/memory.limit_in_bytes": "9223372036854771712\n",
        "fs/memory/job/memory.limit_in_bytes": "2000000\n",
    }
    assert _cgroups(tmp_path, "5:cpu:/other\n4:memory:/job\n0::/\n", files) == 2_000_000


@linux
def test_without_a_cgroup_limit_physical_memory_counts(tmp_path):
    files = {
        "fs/memory.max": "max\n",
        "fs/memory/memory.limit_in_bytes": "9223372036854771712\n",
    }
    assert _cgroups(tmp_path, "4:memory:/\n0::/\n", files) == _physical_memory()


@linux
def test_unreadable_cgroup_files_leave_physical_memory(tmp_path):
    assert _cgroups(tmp_path, "garbage\n0::/../../elsewhere\n", {}) == _physical_memory()


def test_the_refusal_speaks_traditional_chinese_with_the_same_argument_and_figures(memory):
    memory(8_000_000)

    def refusal(language_name):
        with language(language_name), pytest.raises(ValueError) as error:
            RECIPES["mlp"].build(hidden_units=(4096,))
        return str(error.value)

    english, chinese = refusal("en"), refusal("zh-TW")
    assert chinese == (
        "build_mlp()：hidden_units=(4096,) 無法使用：模型會有 3,256,330 個參數，權重佔 13.0 MB，"
        "超過這台機器 8.0 MB 的記憶體；請用較小的層"
    )
    named = ("build_mlp()", "hidden_units=(4096,)", "3,256,330", "13.0 MB", "8.0 MB")
    assert [name for name in named if name not in english or name not in chinese] == []
