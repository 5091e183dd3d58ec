"""Diagrams: real Graphviz draws every recipe, names and shapes shown; a missing piece is named."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from keras_recipes import RECIPES, UnknownRecipeError, build_cnn, build_mlp, plot
from keras_recipes.cli import main
from keras_recipes.plot import (
    CJK_FONT,
    GRAPHVIZ,
    SYSTEM_PACKAGES,
    GraphvizMissingError,
    cjk_font_install_command,
    graphviz_install_command,
    install_command,
    plot_recipe,
    png_size,
    require_graphviz,
    to_dot,
    write_diagrams,
)
from keras_recipes.registry import file_stem

SETUP_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "ensure-system-packages.sh"


# ---------------------------------------------------------------- the image


def test_plot_recipe_writes_a_png(tmp_path, png_pixels):
    target = tmp_path / "nested" / "mlp.png"
    assert plot_recipe("mlp", target) == target
    width, height = png_pixels(target)
    # Five boxes, one under another, readable at notebook width.
    assert 300 < width < 1000
    assert height > 5 * 150
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as open() makes it, not private
    assert list(target.parent.iterdir()) == [target]


def test_dpi_scales_the_image(tmp_path, png_pixels):
    width, height = png_pixels(plot_recipe("mlp", tmp_path / "96.png"))
    double_width, double_height = png_pixels(plot_recipe("mlp", tmp_path / "192.png", dpi=192))
    assert abs(double_width - 2 * width) <= 2
    assert abs(double_height - 2 * height) <= 2


def test_png_size_reads_width_and_height(tmp_path):
    Image.new("RGB", (3, 2)).save(tmp_path / "3x2.png")
    assert png_size(tmp_path / "3x2.png") == (3, 2)


def test_png_size_refuses_a_png_cut_short(tmp_path):
    whole = plot_recipe("mlp", tmp_path / "mlp.png")
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:-200])  # header intact, the last chunks gone
    with pytest.raises(ValueError, match=r"cut\.png is not a whole PNG image"):
        png_size(cut)
    svg = plot_recipe("mlp", tmp_path / "mlp.svg")
    with pytest.raises(ValueError, match=r"mlp\.svg is not a whole PNG image"):
        png_size(svg)


def test_corrected_cnn_is_drawn_from_builder_arguments(tmp_path, png_pixels):
    _, as_printed = png_pixels(plot_recipe("cnn", tmp_path / "cnn.png"))
    _, corrected = png_pixels(plot_recipe("cnn", tmp_path / "fixed.png", flatten=True))
    # One more box (the Flatten) makes a taller picture.
    assert corrected > as_printed


@pytest.mark.parametrize("name", RECIPES)
def test_diagram_shows_every_layer_name_and_output_shape(built, name):
    model = built[name]
    source = to_dot(model).to_string()
    for layer in model.layers:
        assert f"<b>{layer.name}</b> ({type(layer).__name__})" in source
        assert f"Output shape: <b>{layer.output.shape}</b>" in source


def test_diagram_of_the_mlp_reads_like_its_summary():
    source = to_dot(build_mlp()).to_string()
    assert "<b>hidden2</b> (Dense)" in source
    assert "Output shape: <b>(None, 216)</b>" in source
    assert "Activation: <b>softmax</b>" in source


def test_write_diagrams_draws_every_recipe_and_variant(tmp_path, png_pixels):
    written = write_diagrams(tmp_path)
    # One file per configuration, in registry order; a variant's file is named
    # by its label as --variant takes it back.
    names = [
        f"{file_stem(name, config.kwargs)}.png"
        for name, recipe in RECIPES.items()
        for config in recipe.configurations()
    ]
    assert "cnn-flatten=True.png" in names
    assert [p.name for p in written] == names
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for path in written:
        width, height = png_pixels(path)
        assert width > 300
        assert height > 300


# Under this limit on the size of any file the process writes, Graphviz's input
# (a few kB of text) can still be written, no recipe's PNG (21 kB and more) can.
FILE_SIZE_LIMIT = 16_000

UNDER_A_FILE_SIZE_LIMIT = """
import resource, signal, sys
from keras_recipes.cli import main
from keras_recipes.plot import plot_recipe

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not the process
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
{call}
"""


@pytest.mark.parametrize(
    "call",
    [
        "plot_recipe('mlp', {path!r})",
        "sys.exit(main(['plot', 'mlp', '-o', {path!r}]))",
        "sys.exit(main(['diagrams', 'mlp', '--out', {folder!r}]))",
    ],
)
def test_a_failed_write_leaves_the_previous_diagram_whole(tmp_path, call, png_pixels):
    target = tmp_path / "mlp.png"
    plot_recipe("sequential", target)
    before = target.read_bytes()
    code = UNDER_A_FILE_SIZE_LIMIT.format(
        limit=FILE_SIZE_LIMIT, call=call.format(path=str(target), folder=str(tmp_path))
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "File too large" in done.stderr
    assert target.read_bytes() == before  # whole, not cut at the limit
    png_pixels(target)
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left either


# ---------------------------------------------------------------- arguments


def test_path_must_name_an_image_format(tmp_path):
    with pytest.raises(ValueError, match=r"plot_recipe\(\): path='.*mlp.txt' is not usable"):
        plot_recipe("mlp", tmp_path / "mlp.txt")


def test_other_formats_follow_the_suffix(tmp_path):
    svg = plot_recipe("sequential", tmp_path / "sequential.svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "hidden" in svg.read_text(encoding="utf-8")
    pdf = plot_recipe("sequential", tmp_path / "sequential.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_builder_arguments_need_a_recipe_name(tmp_path):
    with pytest.raises(ValueError, match=r"builder arguments \['flatten'\] are not usable"):
        plot_recipe(build_mlp(), tmp_path / "mlp.png", flatten=True)


def test_unknown_recipe_lists_the_known_ones(tmp_path):
    with pytest.raises(UnknownRecipeError, match="known recipes: sequential, mlp"):
        plot_recipe("lenet", tmp_path / "lenet.png")


# ---------------------------------------------------------------- the command


def test_cli_diagrams_writes_the_named_recipes(tmp_path, capsys, png_pixels):
    assert main(["diagrams", "rnn", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / "rnn.png")]
    png_pixels(tmp_path / "rnn.png")


def test_cli_diagrams_without_dot_exits_2_with_one_line(tmp_path, one_line):
    result = subprocess.run(
        [sys.executable, "-m", "keras_recipes", "diagrams", "--out", str(tmp_path)],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert one_line(result.stderr).startswith(
        "keras-recipes: error: drawing a model needs Graphviz's 'dot' program, not found on PATH"
    )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- Graphviz missing


def test_missing_dot_raises_naming_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no programs in it
    target = tmp_path / "mlp.png"
    with pytest.raises(GraphvizMissingError) as caught:
        plot_recipe("mlp", target)
    assert str(caught.value) == (
        "drawing a model needs Graphviz's 'dot' program, not found on PATH; "
        f"install it with: {graphviz_install_command()} (elsewhere: "
        "apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS), "
        "conda install -c conda-forge graphviz (conda)), then try again "
        "(in Jupyter, restart the kernel first)"
    )
    assert not target.exists()


def test_missing_dot_is_a_runtime_error_also_for_a_built_model(tmp_path, monkeypatch):
    model = build_cnn(flatten=True)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="install it with"):
        plot_recipe(model, tmp_path / "cnn.png")


def test_missing_pydot_raises_naming_pip(monkeypatch):
    monkeypatch.setitem(sys.modules, "pydot", None)  # what an uninstalled package looks like
    with pytest.raises(GraphvizMissingError, match=r"pydot, which is missing.*pip install pydot"):
        require_graphviz()


def _apt(package):
    return (
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
        f"apt-get install -y -qq --no-install-recommends {package}"
    )


APT = _apt("graphviz")


@pytest.mark.parametrize(
    ("release", "uid", "typed", "unattended"),
    [
        ({"ID": "ubuntu", "ID_LIKE": "debian"}, 1000, "sudo apt-get install graphviz", APT),
        ({"ID": "debian"}, 0, "apt-get update && apt-get install -y graphviz", APT),
        (
            {"ID": "rocky", "ID_LIKE": "rhel centos fedora"},
            1000,
            "sudo dnf install graphviz",
            "dnf install -y graphviz",
        ),
        ({"ID": "alpine"}, 0, "apk add graphviz", "apk add --no-cache graphviz"),
        (
            {"ID": "opensuse-leap", "ID_LIKE": "suse opensuse"},
            0,
            "zypper install graphviz",
            "zypper --non-interactive install graphviz",
        ),
        (
            {"ID": "plan9"},
            1000,
            "your system's graphviz package (see https://graphviz.org/download/)",
            "",
        ),
    ],
    ids=lambda value: value.get("ID") if isinstance(value, dict) else None,
)
def test_install_command_follows_os_release(monkeypatch, release, uid, typed, unattended):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(plot, "_os_release", lambda: release)
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    assert graphviz_install_command() == typed
    assert graphviz_install_command(unattended=True) == unattended


@pytest.mark.parametrize(
    ("platform", "release", "uid", "typed", "unattended"),
    [
        (
            "linux",
            {"ID": "ubuntu", "ID_LIKE": "debian"},
            1000,
            "sudo apt-get install fonts-noto-cjk",
            _apt("fonts-noto-cjk"),
        ),
        (
            "linux",
            {"ID": "debian"},
            0,
            "apt-get update && apt-get install -y fonts-noto-cjk",
            _apt("fonts-noto-cjk"),
        ),
        (
            "linux",
            {"ID": "fedora"},
            1000,
            "sudo dnf install google-noto-sans-cjk-fonts",
            "dnf install -y google-noto-sans-cjk-fonts",
        ),
        ("linux", {"ID": "alpine"}, 0, "apk add font-noto-cjk", "apk add --no-cache font-noto-cjk"),
        (
            "linux",
            {"ID": "arch"},
            1000,
            "sudo pacman -S noto-fonts-cjk",
            "pacman -S --noconfirm noto-fonts-cjk",
        ),
        (
            "linux",
            {"ID": "opensuse-tumbleweed", "ID_LIKE": "opensuse suse"},
            0,
            "zypper install google-noto-sans-cjk-fonts",
            "zypper --non-interactive install google-noto-sans-cjk-fonts",
        ),
        (
            "darwin",
            {},
            501,
            "brew install --cask font-noto-sans-cjk-tc",
            "brew install --cask font-noto-sans-cjk-tc",
        ),
        (
            "linux",
            {"ID": "plan9"},
            1000,
            "your system's Noto Sans CJK font package (see https://github.com/notofonts/noto-cjk)",
            "",
        ),
    ],
    ids=lambda value: value.get("ID") if isinstance(value, dict) else None,
)
def test_cjk_font_install_command_follows_the_system(
    monkeypatch, platform, release, uid, typed, unattended
):
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(plot, "_os_release", lambda: release)
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    assert cjk_font_install_command() == typed
    assert cjk_font_install_command(unattended=True) == unattended


def test_in_conda_graphviz_comes_from_conda_forge_and_the_font_from_the_system(
    tmp_path, monkeypatch
):
    (tmp_path / "conda-meta").mkdir()
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(plot, "_os_release", lambda: {"ID": "ubuntu", "ID_LIKE": "debian"})
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert graphviz_install_command() == "conda install -c conda-forge graphviz"
    assert cjk_font_install_command() == "sudo apt-get install fonts-noto-cjk"


@pytest.mark.parametrize("package", SYSTEM_PACKAGES)
def test_install_command_names_a_program_this_system_has(package):
    unattended = install_command(package, unattended=True)
    if not unattended:
        pytest.skip(f"no known package manager here: {install_command(package)}")
    program = unattended.split()[0]
    assert shutil.which(program) is not None, unattended
    assert program in install_command(package).split()


# ---------------------------------------------------------------- the set-up script


def _setup(path, python=sys.executable):
    return subprocess.run(
        ["/bin/sh", str(SETUP_SCRIPT), python],
        env={"PATH": str(path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _program(folder, name, body):
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def _package(package):
    """The package name the unattended command installs, as this system calls it."""
    return install_command(package, unattended=True).split()[-1]


def test_setup_script_passes_quietly_when_everything_is_there():
    result = subprocess.run(["sh", str(SETUP_SCRIPT)], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


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
    """A PATH with only a shell, `id`, passwordless `sudo` and a fake package manager."""
    unattended = graphviz_install_command(unattended=True)
    if not unattended:
        pytest.skip(f"no known package manager here: {graphviz_install_command()}")
    manager = unattended.split()[0]
    folder, log = tmp_path / "bin", tmp_path / "log"
    folder.mkdir()
    (folder / "sh").symlink_to("/bin/sh")
    _program(folder, "id", f"echo {uid}")
    # Passwordless sudo: `sudo -n` runs the command at once.
    _program(folder, "sudo", f'[ "$1" = -n ] && shift\necho "sudo -n $*" >> {log}\n"$@"')
    body = FAKE_MANAGER.format(
        log=log, bin=folder, fail=fail, graphviz=_package(GRAPHVIZ), font=_package(CJK_FONT)
    )
    _program(folder, manager, body)
    return folder, log, manager


def _calls(package, uid, manager):
    """What the script runs to install one package, as the fakes record it."""
    unattended = install_command(package, unattended=True)
    steps = [
        " ".join(word for word in step.split() if "=" not in word)
        for step in unattended.split("&&")
    ]
    if uid != 0 and manager not in ("brew", "conda"):
        steps = ["sudo -n true", f"sudo -n sh -c {unattended}", *steps]
    return steps


@pytest.mark.parametrize("uid", [0, 1000])
def test_setup_script_installs_without_a_prompt_where_it_may(tmp_path, uid):
    folder, log, manager = _fake_system(tmp_path, uid)
    result = _setup(folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"Graphviz's 'dot' program is missing: installing it with {manager}\n"
        "Graphviz installed: dot - graphviz version 0 (fake)\n"
        "No font with Traditional Chinese characters is installed: installing one with "
        f"{manager}\n"
        "Font installed: Noto Sans CJK TC\n"
    )
    calls = log.read_text().splitlines()
    assert calls == _calls(GRAPHVIZ, uid, manager) + _calls(CJK_FONT, uid, manager)


def test_setup_script_installs_only_what_is_missing(tmp_path):
    folder, log, manager = _fake_system(tmp_path, 0)
    _program(folder, "dot", "exit 0")
    result = _setup(folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"No font with Traditional Chinese characters is installed: installing one with "
        f"{manager}\n"
        "Font installed: Noto Sans CJK TC\n"
    )
    assert log.read_text().splitlines() == _calls(CJK_FONT, 0, manager)


def test_setup_script_shows_a_failed_install_and_goes_on(tmp_path):
    folder, log, manager = _fake_system(tmp_path, 0, fail=_package(GRAPHVIZ))
    result = _setup(folder)
    assert result.returncode == 1
    assert result.stderr == (
        f"Graphviz's 'dot' program is missing: installing it with {manager}\n"
        f"E: Unable to locate package {_package(GRAPHVIZ)}\n"
        f"error: installing Graphviz with {manager} failed. "
        f"To fix: {graphviz_install_command()}\n"
        "No font with Traditional Chinese characters is installed: installing one with "
        f"{manager}\n"
        "Font installed: Noto Sans CJK TC\n"
    )
    assert log.read_text().splitlines() == _calls(GRAPHVIZ, 0, manager) + _calls(
        CJK_FONT, 0, manager
    )


@pytest.mark.parametrize("manager_there", [False, True])
def test_setup_script_stops_with_the_command_to_type_when_it_may_not_install(
    tmp_path, manager_there
):
    # Nothing there; the package manager missing, or there but not to be run (no root, no sudo).
    unattended = graphviz_install_command(unattended=True)
    if manager_there:
        if not unattended or unattended.startswith(("brew", "conda")):
            pytest.skip("this system's package manager runs without root")
        _program(tmp_path, unattended.split()[0], "exit 1")
        _program(tmp_path, "id", "echo 1000")
    result = _setup(tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "error: Graphviz's 'dot' program is not on PATH; the model diagrams need it.\n"
        f"To fix: install it with: {graphviz_install_command()}, then run make again.\n"
        "error: no font with Traditional Chinese characters is installed; Chinese text in "
        "diagrams and learning curves needs one.\n"
        f"To fix: install it with: {cjk_font_install_command()}, then run make again.\n"
    )
