"""Diagrams drawn by the real Graphviz: files whole, missing parts named."""

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from keras_recipes import RECIPES, UnknownRecipeError, build_cnn, build_mlp, system_packages
from keras_recipes.cli import main
from keras_recipes.plot import (
    GraphvizMissingError,
    plot_recipe,
    require_graphviz,
    to_dot,
    write_diagrams,
)
from keras_recipes.registry import file_stem
from keras_recipes.system_packages import (
    BROWSER,
    CJK_FONT,
    GRAPHVIZ,
    SYSTEM_PACKAGES,
    install_command,
)

SETUP_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "ensure-system-packages.sh"


# ---------------------------------------------------------------- the image


def test_plot_recipe_writes_a_png_sized_for_a_notebook(tmp_path, png_pixels):
    target = tmp_path / "nested" / "mlp.png"
    assert plot_recipe("mlp", target) == target
    width, height = png_pixels(target)
    assert 300 < width < 1000  # five boxes, one under another
    assert height > 5 * 150
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() makes it, not private
    assert list(target.parent.iterdir()) == [target]
    double_width, double_height = png_pixels(plot_recipe("mlp", tmp_path / "192.png", dpi=192))
    assert abs(double_width - 2 * width) <= 2
    assert abs(double_height - 2 * height) <= 2


def test_other_formats_follow_the_suffix(tmp_path):
    svg = plot_recipe("sequential", tmp_path / "sequential.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    assert "hidden" in svg
    assert plot_recipe("sequential", tmp_path / "sequential.pdf").read_bytes()[:5] == b"%PDF-"


def test_the_mlp_diagram_reads_like_its_summary():
    source = to_dot(build_mlp()).to_string()
    assert "<b>hidden2</b> (Dense)" in source
    assert "Output shape: <b>(None, 216)</b>" in source
    assert "Activation: <b>softmax</b>" in source


def test_write_diagrams_draws_every_recipe_and_variant(tmp_path, png_pixels):
    written = write_diagrams(tmp_path)
    # A variant's file is named by its label as --variant takes it back.
    names = [
        f"{file_stem(name, config.kwargs)}.png"
        for name, recipe in RECIPES.items()
        for config in recipe.configurations()
    ]
    assert [path.name for path in written] == names
    assert sorted(tmp_path.iterdir()) == sorted(written)
    heights = {path.name: png_pixels(path)[1] for path in written}
    assert heights["cnn-flatten=True.png"] > heights["cnn.png"]  # one more box: the Flatten


@pytest.fixture
def file_size_limit():
    """Within it no file this process writes may pass 16 kB: Graphviz's input (a few kB,
    written by pydot) still can, no PNG of a recipe (21 kB and more) can."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails, not the process

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (16_000, hard))

    yield limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    signal.signal(signal.SIGXFSZ, handler)


@pytest.mark.parametrize(
    "write",
    [lambda folder: plot_recipe("mlp", folder / "mlp.png"), lambda f: write_diagrams(f, ["mlp"])],
)
def test_a_failed_write_leaves_the_previous_diagram_whole(tmp_path, file_size_limit, write):
    target = plot_recipe("sequential", tmp_path / "mlp.png")
    before = target.read_bytes()
    file_size_limit()
    with pytest.raises(OSError, match="File too large"):
        write(tmp_path)
    assert target.read_bytes() == before
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left either


def _fake_dot(folder, output):
    """A `dot` that writes ``output`` whatever it is asked."""
    folder.mkdir()
    (folder / "output").write_bytes(output)
    (folder / "dot").write_text(f"#!/bin/sh\nexec /bin/cat {folder / 'output'}\n")
    (folder / "dot").chmod(0o755)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        (b"", "plot_recipe(): Graphviz wrote nothing to {}"),
        ("cut short", "plot_recipe(): Graphviz did not write a PNG to {}"),
    ],
)
def test_what_graphviz_wrote_is_checked_before_it_replaces_the_diagram(
    tmp_path, monkeypatch, output, message
):
    target = plot_recipe("sequential", tmp_path / "sequential.png")
    before = target.read_bytes()
    _fake_dot(tmp_path / "bin", before[:-200] if output == "cut short" else output)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(RuntimeError) as caught:
        plot_recipe("sequential", target)
    assert str(caught.value) == message.format(target)
    assert target.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [tmp_path / "bin", target]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda path: plot_recipe("mlp", path.with_suffix(".txt")),
            ValueError,
            "plot_recipe(): path='{}' is not usable: give a file name ending in "
            ".png, .svg, .pdf, .jpg, .jpeg",
        ),
        (
            lambda path: plot_recipe(build_mlp(), path, flatten=True),
            ValueError,
            "plot_recipe(): builder arguments ['flatten'] are not usable with a model; "
            "pass a recipe name to build one with them",
        ),
        (
            lambda path: plot_recipe("lenet", path),
            UnknownRecipeError,
            "unknown recipe 'lenet'; known recipes: " + ", ".join(RECIPES),
        ),
    ],
    ids=["suffix", "arguments-with-a-model", "unknown-recipe"],
)
def test_unusable_arguments_are_refused_before_drawing(tmp_path, call, error, message):
    with pytest.raises(error) as caught:
        call(tmp_path / "d.png")
    assert str(caught.value) == message.format(tmp_path / "d.txt")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- Graphviz missing

DOT_MISSING = (
    "drawing a model needs Graphviz's 'dot' program, not found on PATH; "
    "install it with: {} (elsewhere: apt-get install graphviz (Debian/Ubuntu), "
    "brew install graphviz (macOS), conda install -c conda-forge graphviz (conda)), "
    "then try again (in Jupyter, restart the kernel first)"
)


@pytest.mark.parametrize(
    "draw",
    [
        lambda folder: plot_recipe("mlp", folder / "mlp.png"),
        lambda folder: plot_recipe(build_cnn(flatten=True), folder / "cnn.png"),
        write_diagrams,
    ],
    ids=["recipe", "model", "diagrams"],
)
def test_missing_dot_is_named_with_the_command_that_installs_it(tmp_path, monkeypatch, draw):
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no programs in it
    with pytest.raises(GraphvizMissingError) as caught:
        draw(tmp_path)
    assert str(caught.value) == DOT_MISSING.format(install_command(GRAPHVIZ))
    assert list(tmp_path.iterdir()) == []


def test_cli_diagrams_prints_each_file_and_without_dot_says_how_to_install_it(
    tmp_path, monkeypatch, capsys, one_line
):
    assert main(["diagrams", "rnn", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'rnn.png'}\n"
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["diagrams", "--out", str(tmp_path / "more")]) == 2
    error = DOT_MISSING.format(install_command(GRAPHVIZ))
    assert one_line(capsys.readouterr().err) == f"keras-recipes: error: {error}"
    assert list(tmp_path.iterdir()) == [tmp_path / "rnn.png"]


def test_missing_pydot_is_named_with_pip(monkeypatch):
    monkeypatch.setitem(sys.modules, "pydot", None)  # what an uninstalled package looks like
    with pytest.raises(GraphvizMissingError) as caught:
        require_graphviz()
    assert str(caught.value) == (
        "drawing a model needs the Python package pydot, which is missing; "
        f"install it with: {sys.executable} -m pip install pydot"
    )


# ---------------------------------------------------------------- the install commands

APT = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
APT += "--no-install-recommends {}"


@pytest.fixture
def system(tmp_path, monkeypatch):
    """``system(platform, os_release, uid)``: what the install commands are decided from."""

    def become(platform, os_release="", uid=1000):
        (tmp_path / "os-release").write_text(os_release)
        monkeypatch.setattr(system_packages, "OS_RELEASE", tmp_path / "os-release")
        monkeypatch.setattr(sys, "platform", platform)
        monkeypatch.setattr(os, "geteuid", lambda: uid)

    return become


def test_install_commands_follow_the_system_and_the_user(system):
    system("linux", 'ID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 24.04 LTS"\n')
    assert install_command(GRAPHVIZ) == "sudo apt-get install graphviz"
    assert install_command(GRAPHVIZ, unattended=True) == APT.format("graphviz")
    system("linux", "ID=debian\n", uid=0)
    assert install_command(CJK_FONT) == "apt-get update && apt-get install -y fonts-noto-cjk"
    assert install_command(CJK_FONT, unattended=True) == APT.format("fonts-noto-cjk")
    system("linux", 'ID="rocky"\nID_LIKE="rhel centos fedora"\n')
    assert install_command(GRAPHVIZ) == "sudo dnf install graphviz"
    assert install_command(CJK_FONT, unattended=True) == "dnf install -y google-noto-sans-cjk-fonts"
    system("linux", "ID=alpine\n", uid=0)
    assert install_command(CJK_FONT) == "apk add font-noto-cjk"
    assert install_command(CJK_FONT, unattended=True) == "apk add --no-cache font-noto-cjk"
    system("linux", "ID=arch\n")
    assert install_command(CJK_FONT) == "sudo pacman -S noto-fonts-cjk"
    assert install_command(CJK_FONT, unattended=True) == "pacman -S --noconfirm noto-fonts-cjk"
    system("linux", 'ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n', uid=0)
    assert install_command(GRAPHVIZ) == "zypper install graphviz"
    assert install_command(GRAPHVIZ, unattended=True) == "zypper --non-interactive install graphviz"
    system("darwin", uid=501)
    assert install_command(CJK_FONT) == "brew install --cask font-noto-sans-cjk-tc"
    assert install_command(BROWSER, unattended=True) == "brew install --cask chromium"
    system("win32")
    assert install_command(BROWSER) == "winget install Hibbiki.Chromium"
    assert install_command(BROWSER, unattended=True) == ""
    system("linux", "ID=plan9\n")
    assert install_command(GRAPHVIZ) == (
        "your system's graphviz package (see https://graphviz.org/download/)"
    )
    assert install_command(GRAPHVIZ, unattended=True) == ""


def test_in_conda_graphviz_comes_from_conda_forge_and_the_font_from_the_system(
    tmp_path, monkeypatch, system
):
    system("linux", "ID=ubuntu\nID_LIKE=debian\n")
    (tmp_path / "conda-meta").mkdir()
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert install_command(GRAPHVIZ) == "conda install -c conda-forge graphviz"
    assert install_command(GRAPHVIZ, unattended=True) == "conda install -y -c conda-forge graphviz"
    assert install_command(CJK_FONT) == "sudo apt-get install fonts-noto-cjk"


def test_install_commands_here_name_a_package_manager_this_system_has():
    for package in SYSTEM_PACKAGES:
        unattended = install_command(package, unattended=True)
        if not unattended:
            pytest.skip(f"no known package manager here: {install_command(package)}")
        program = unattended.split()[0]
        assert shutil.which(program) is not None, unattended
        assert program in install_command(package).split()


# ---------------------------------------------------------------- the set-up script


def _setup(path):
    return subprocess.run(
        ["/bin/sh", str(SETUP_SCRIPT), sys.executable],
        # The package as these tests import it, wherever the Python has it installed.
        env={"PATH": str(path), "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _program(folder, name, body):
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def _package(package):
    """The package's name on this system, last in its unattended command."""
    return install_command(package, unattended=True).split()[-1]


def test_setup_script_passes_quietly_when_everything_is_there():
    done = subprocess.run(["sh", str(SETUP_SCRIPT)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")


# A package manager that records how it is called and installs a `dot`, or
# fontconfig programs that find a Traditional Chinese font; {fail} makes it fail.
FAKE_MANAGER = """echo "${{0##*/}} $*" >> {log}
case "$*" in
*{fail}*) echo "E: Unable to locate package {fail}"; exit 100 ;;
*{graphviz}*)
    printf '#!/bin/sh\\necho "dot - graphviz version 0 (fake)" >&2\\n' > {bin}/dot
    /bin/chmod +x {bin}/dot ;;
*{font}*)
    printf '#!/bin/sh\\necho "Noto Sans CJK TC"\\n' > {bin}/fc-list
    printf '#!/bin/sh\\nprintf "Noto Sans CJK TC"\\n' > {bin}/fc-match
    /bin/chmod +x {bin}/fc-list {bin}/fc-match ;;
esac"""


def _fake_system(tmp_path, uid, *, fail="nothing-fails"):
    """A PATH with only a shell, `id`, passwordless `sudo` and this system's package manager,
    faked; returns the folder, the log of calls and the manager's name."""
    unattended = install_command(GRAPHVIZ, unattended=True)
    if not unattended:
        pytest.skip(f"no known package manager here: {install_command(GRAPHVIZ)}")
    manager = unattended.split()[0]
    folder, log = tmp_path / "bin", tmp_path / "log"
    folder.mkdir()
    (folder / "sh").symlink_to("/bin/sh")
    _program(folder, "id", f"echo {uid}")
    _program(folder, "sudo", f'[ "$1" = -n ] && shift\necho "sudo -n $*" >> {log}\n"$@"')
    body = FAKE_MANAGER.format(
        log=log, bin=folder, fail=fail, graphviz=_package(GRAPHVIZ), font=_package(CJK_FONT)
    )
    _program(folder, manager, body)
    return folder, log, manager


def _calls(package, uid, manager):
    """The calls the fakes log for one install: each step of the unattended command, its
    variable settings left out, after sudo's where it runs through sudo."""
    unattended = install_command(package, unattended=True)
    steps = [" ".join(w for w in step.split() if "=" not in w) for step in unattended.split("&&")]
    if uid != 0 and manager not in ("brew", "conda"):
        steps = ["sudo -n true", f"sudo -n sh -c {unattended}", *steps]
    return steps


@pytest.mark.parametrize("uid", [0, 1000])
def test_setup_script_installs_without_a_prompt_where_it_may(tmp_path, uid):
    folder, log, manager = _fake_system(tmp_path, uid)
    done = _setup(folder)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        f"Graphviz's 'dot' program is missing: installing it with {manager}\n"
        "Graphviz installed: dot - graphviz version 0 (fake)\n"
        f"No font with Traditional Chinese characters is installed: installing one with {manager}\n"
        "Font installed: Noto Sans CJK TC\n"
    )
    assert log.read_text().splitlines() == _calls(GRAPHVIZ, uid, manager) + _calls(
        CJK_FONT, uid, manager
    )


def test_setup_script_shows_a_failed_install_and_goes_on(tmp_path):
    folder, _, manager = _fake_system(tmp_path, 0, fail=_package(GRAPHVIZ))
    done = _setup(folder)
    assert done.returncode == 1
    assert done.stderr == (
        f"Graphviz's 'dot' program is missing: installing it with {manager}\n"
        f"E: Unable to locate package {_package(GRAPHVIZ)}\n"
        f"error: installing Graphviz with {manager} failed. "
        f"To fix: {install_command(GRAPHVIZ)}\n"
        f"No font with Traditional Chinese characters is installed: installing one with {manager}\n"
        "Font installed: Noto Sans CJK TC\n"
    )


@pytest.mark.parametrize("manager_there", [False, True], ids=["no-manager", "no-root"])
def test_setup_script_stops_with_the_command_to_type_where_it_may_not_install(
    tmp_path, manager_there
):
    if manager_there:
        unattended = install_command(GRAPHVIZ, unattended=True)
        if not unattended or unattended.startswith(("brew", "conda")):
            pytest.skip("this system's package manager runs without root")
        _program(tmp_path, unattended.split()[0], "exit 1")
        _program(tmp_path, "id", "echo 1000")  # and no sudo
    done = _setup(tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "error: Graphviz's 'dot' program is not on PATH; the model diagrams need it.\n"
        f"To fix: install it with: {install_command(GRAPHVIZ)}, then run make again.\n"
        "error: no font with Traditional Chinese characters is installed; Chinese text in "
        "diagrams and learning curves needs one.\n"
        f"To fix: install it with: {install_command(CJK_FONT)}, then run make again.\n"
    )
