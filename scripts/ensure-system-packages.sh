#!/bin/sh
# Set-up step of `make test`, `make diagrams` and `make site`: what the project
# needs from the system, which pip cannot install.
#   graphviz  Graphviz's `dot` program, which Keras draws model diagrams with.
#   cjk-font  a font with Traditional Chinese characters: without one, Chinese
#             layer names and titles come out as empty boxes.
#   browser   Chromium, which `make test` opens the built website in (asked for
#             by name: drawing needs only the first two).
# Installs each one missing when the system's package manager can run without a
# prompt (as root, through passwordless sudo, or Homebrew); otherwise stops with
# the command to type. The commands come from the package
# (keras_recipes.system_packages.install_command), so this script and the package's own
# error messages always name the same one.
#
# Usage: sh scripts/ensure-system-packages.sh [PYTHON [WHAT...]]
#   (defaults: .venv/bin/python; graphviz cjk-font)
set -u

have() { command -v "$1" >/dev/null 2>&1; }

# The question keras_recipes.fonts asks fontconfig: which fonts cover Traditional Chinese.
has_cjk_font() { have fc-list && [ -n "$(fc-list :lang=zh-tw family 2>/dev/null)" ]; }

# The browser the website's tests drive: Debian and Fedora call it chromium, others chromium-browser.
browser() {
    for name in chromium chromium-browser; do
        have "$name" && { command -v "$name"; return 0; }
    done
    return 1
}

present() {
    case $1 in
        graphviz) have dot ;;
        cjk-font) has_cjk_font ;;
        browser) browser >/dev/null ;;
    esac
}

# What is said about each package: its name, that it is missing and why it is needed.
about() {
    case $1 in
        graphviz)
            name=Graphviz
            absent="Graphviz's 'dot' program is missing: installing it"
            missing="Graphviz's 'dot' program is not on PATH; the model diagrams need it."
            still="Graphviz was installed but 'dot' is still not on PATH ($PATH)" ;;
        cjk-font)
            name="the font"
            absent="No font with Traditional Chinese characters is installed: installing one"
            missing="no font with Traditional Chinese characters is installed; Chinese text in diagrams and learning curves needs one."
            still="the font was installed but fontconfig still finds none for Traditional Chinese (fc-list :lang=zh-tw)" ;;
        browser)
            name=Chromium
            absent="Chromium is missing: installing it"
            missing="Chromium is not installed; the website's tests open the site in it."
            still="Chromium was installed but neither 'chromium' nor 'chromium-browser' is on PATH" ;;
    esac
}

installed() {
    case $1 in
        graphviz) echo "Graphviz installed: $(dot -V 2>&1)" ;;
        cjk-font) echo "Font installed: $(fc-match --format='%{family[0]}' :lang=zh-tw)" ;;
        browser) echo "Chromium installed: $("$(browser)" --version 2>/dev/null)" ;;
    esac
}

case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
python=${1:-$here/../.venv/bin/python}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- graphviz cjk-font
uid=$(id -u 2>/dev/null || echo unknown)

# Installs one package when it is missing; returns 1 (after saying why) when it stays missing.
ensure() {
    what=$1
    present "$what" && return 0
    about "$what"
    if ! commands=$("$python" -c '
import sys
from keras_recipes.system_packages import install_command as command
print(command(sys.argv[1]))
print(command(sys.argv[1], unattended=True))
' "$what"); then
        echo "error: $missing" >&2
        echo "$python could not say how to install it here; run make, which sets up .venv first." >&2
        return 1
    fi
    { read -r advice; read -r run; } <<EOF
$commands
EOF
    manager=${run%% *}

    if [ -z "$manager" ] || ! have "$manager"; then
        as=none
    elif [ "$manager" = brew ] || [ "$manager" = conda ]; then
        as=""  # they install for this user, and Homebrew refuses to run as root
    elif [ "$uid" = 0 ]; then
        as=""
    elif have sudo && sudo -n true 2>/dev/null; then
        as="sudo -n"
    else
        as=none
    fi
    if [ "$as" = none ]; then
        echo "error: $missing" >&2
        echo "To fix: install it with: $advice, then run make again." >&2
        return 1
    fi

    echo "$absent with $manager" >&2
    # The package manager's own output is shown only when it fails.
    if ! log=$($as sh -c "$run" 2>&1); then
        printf '%s\n' "$log" >&2
        echo "error: installing $name with $manager failed. To fix: $advice" >&2
        return 1
    fi
    if ! present "$what"; then
        echo "error: $still" >&2
        return 1
    fi
    installed "$what" >&2
}

# Graphviz before the font: it brings fontconfig's fc-list, which the font check asks.
status=0
for what in "$@"; do
    ensure "$what" || status=1
done
exit $status
