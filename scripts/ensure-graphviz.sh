#!/bin/sh
# Set-up step of `make test` and `make diagrams`: Keras draws model diagrams
# with Graphviz's `dot`, a system program pip cannot install. Installs it when
# the system's package manager can run without a prompt (as root, through
# passwordless sudo, or Homebrew); otherwise stops with the command to type.
# The commands come from the package (keras_recipes.plot), so this script and
# the package's own error message always name the same one.
#
# Usage: sh scripts/ensure-graphviz.sh [PYTHON]   (default: .venv/bin/python)
set -u

have() { command -v "$1" >/dev/null 2>&1; }

have dot && exit 0

case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
python=${1:-$here/../.venv/bin/python}
if ! commands=$("$python" -c '
from keras_recipes.plot import graphviz_install_command as command
print(command())
print(command(unattended=True))
'); then
    echo "error: Graphviz's 'dot' program is not on PATH, and $python could not say how" >&2
    echo "to install it here; run make, which sets up .venv first." >&2
    exit 1
fi
{ read -r advice; read -r run; } <<EOF
$commands
EOF
manager=${run%% *}

uid=$(id -u 2>/dev/null || echo unknown)
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
    echo "error: Graphviz's 'dot' program is not on PATH; the model diagrams need it." >&2
    echo "To fix: install it with: $advice, then run make again." >&2
    exit 1
fi

echo "Graphviz's 'dot' program is missing: installing it with $manager" >&2
# The package manager's own output is shown only when it fails.
if ! log=$($as sh -c "$run" 2>&1); then
    printf '%s\n' "$log" >&2
    echo "error: installing Graphviz with $manager failed. To fix: $advice" >&2
    exit 1
fi
if ! have dot; then
    echo "error: Graphviz was installed but 'dot' is still not on PATH ($PATH)" >&2
    exit 1
fi
echo "Graphviz installed: $(dot -V 2>&1)" >&2
