"""A model too large for the memory this process may use is refused, naming the builder and
the argument, before Keras allocates the weight that would not fit."""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from keras_recipes import RECIPES, _memory
from keras_recipes.arithmetic import byte_size
from keras_recipes.i18n import language


@pytest.fixture
def memory(monkeypatch):
    """``memory(n)``: the builders see a process that may use ``n`` bytes."""

    def set_memory(size):
        monkeypatch.setattr(_memory, "memory_bytes", lambda: size)

    return set_memory


@pytest.mark.parametrize(
    ("bytes_", "name", "kwargs", "message"),
    [
        # hidden1: 784 x 4,096 weights of 4 bytes, twice while they are made.
        (
            20_000_000,
            "mlp",
            {"hidden_units": (4096,)},
            "build_mlp(): hidden_units=(4096,) is not usable: layer 'hidden1' would hold "
            "3,211,264 weights, 12.8 MB, more than the 20.0 MB of memory this process may use; "
            "use a smaller value",
        ),
        # Two embeddings of 10**9 words x 64: the first is refused.
        (
            8_000_000_000,
            "ticket-classifier",
            {"num_words": 10**9},
            "build_ticket_classifier(): num_words=1000000000 is not usable: layer "
            "'title_embedding' would hold 64,000,000,000 weights, 256.0 GB, more than the "
            "8.0 GB of memory this process may use; use a smaller value",
        ),
        # pool2 leaves 7,497 x 7,497 x 64 features for hidden1's 64 units: no argument holds
        # that number, so the argument given with the largest is blamed.
        (
            24_000_000_000,
            "cnn",
            {"input_shape": (30_000, 30_000, 3), "flatten": True},
            "build_cnn(): input_shape=(30000, 30000, 3) is not usable: layer 'hidden1' would "
            "hold 230,215,716,864 weights, 920.9 GB, more than the 24.0 GB of memory this "
            "process may use; use a smaller value",
        ),
    ],
)
def test_a_weight_larger_than_memory_is_refused_naming_the_argument(
    memory, bytes_, name, kwargs, message
):
    memory(bytes_)
    with pytest.raises(ValueError) as error:
        RECIPES[name].build(**kwargs)
    assert str(error.value) == message


def test_weights_that_fit_are_built(memory):
    memory(2 * 4 * 3_211_264 + 4 * 4096)  # hidden1's kernel twice, and its bias
    assert RECIPES["mlp"].build(hidden_units=(4096,)).count_params() == 3_256_330


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"hidden_units": (8, 8)},
            "build_mlp(): hidden_units=(8, 8) is not usable: the model would hold more than 3 "
            "weight tensors; use a smaller value",
        ),
        # No argument given to blame.
        (
            {},
            "build_mlp(): the model would hold more than 3 weight tensors; use a smaller input "
            "or smaller layers",
        ),
    ],
)
def test_a_model_of_more_weight_tensors_than_allowed_is_refused(monkeypatch, kwargs, message):
    monkeypatch.setattr(_memory, "MOST_WEIGHTS", 3)
    with pytest.raises(ValueError) as error:
        RECIPES["mlp"].build(**kwargs)
    assert str(error.value) == message


def test_the_refusal_speaks_traditional_chinese(memory):
    memory(20_000_000)
    with language("zh-TW"), pytest.raises(ValueError) as error:
        RECIPES["mlp"].build(hidden_units=(4096,))
    assert str(error.value) == (
        "build_mlp()：hidden_units=(4096,) 無法使用：'hidden1' 層會有 3,211,264 個權重，"
        "占 12.8 MB，超過這個程式可用的 20.0 MB 記憶體；請用較小的值"
    )


def test_under_an_address_space_limit_each_model_is_refused_and_the_process_stays_usable():
    # As under `ulimit -v`: about 2 GB left beside what TensorFlow has mapped.
    code = textwrap.dedent(
        """
        import resource
        from pathlib import Path
        from keras_recipes import build_cnn, build_mlp, build_sequential

        build_mlp()  # TensorFlow loaded and mapped before the limit
        mapped = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (mapped + 2 * 10**9, resource.RLIM_INFINITY))
        for build, kwargs in [
            (build_sequential, {"input_shape": (10**9,)}),
            (build_sequential, {"hidden_units": 10**9}),
            (build_sequential, {"output_units": 10**9}),
            (build_cnn, {"input_shape": (28, 28, 10**6)}),
        ]:
            try:
                build(**kwargs)
            except ValueError as error:
                print(str(error).split(" is not usable")[0])
        print(build_mlp().count_params())
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == [
        "build_sequential(): input_shape=(1000000000,)",
        "build_sequential(): hidden_units=1000000000",
        "build_sequential(): output_units=1000000000",
        "build_cnn(): input_shape=(28, 28, 1000000)",
        "541794",
    ]


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
    return _memory.memory_bytes(tmp_path / "fs", tmp_path / "self-cgroup")


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
