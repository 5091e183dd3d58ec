#!/bin/sh
# Set-up step of `make test` and `make diagrams`: Keras draws model diagrams
# with Graphviz's `dot`, a system program pip cannot install. Installs it when
# the system's package manager can run without a prompt (as root, through
# passwordless sudo, or Homebrew); otherwise stops with the command to type.
set -u

have() { command -v "$1" >/dev/null 2>&1; }

have dot && exit 0

# What to run on this system, and what to tell a person to type.
manager=""
if have apt-get; then
    manager=apt-get
    run="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends graphviz"
    advice="install it with: sudo apt-get install graphviz"
elif have dnf; then
    manager=dnf
    run="dnf install -y graphviz"
    advice="install it with: sudo dnf install graphviz"
elif have yum; then
    manager=yum
    run="yum install -y graphviz"
    advice="install it with: sudo yum install graphviz"
elif have apk; then
    manager=apk
    run="apk add --no-cache graphviz"
    advice="install it with: sudo apk add graphviz"
elif have pacman; then
    manager=pacman
    run="pacman -S --noconfirm graphviz"
    advice="install it with: sudo pacman -S graphviz"
elif have brew; then
    manager=brew
    run="brew install graphviz"
    advice="install it with: brew install graphviz"
elif have conda; then
    # No system package manager: conda-forge has Graphviz for the active environment.
    advice="install it with: conda install -c conda-forge graphviz"
else
    advice="install a Graphviz package from https://graphviz.org/download/"
fi

uid=$(id -u 2>/dev/null || echo unknown)
if [ "$manager" = brew ]; then
    as=""  # Homebrew refuses to run as root and never prompts
elif [ -n "$manager" ] && [ "$uid" = 0 ]; then
    as=""
elif [ -n "$manager" ] && have sudo && sudo -n true 2>/dev/null; then
    as="sudo -n"
else
    echo "error: Graphviz's 'dot' program is not on PATH; the model diagrams need it." >&2
    echo "To fix: $advice, then run make again." >&2
    exit 1
fi

echo "Graphviz's 'dot' program is missing: installing it with $manager" >&2
# The package manager's own output is shown only when it fails.
log=$(mktemp)
if ! $as sh -c "$run" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "error: installing Graphviz with $manager failed. To fix: $advice" >&2
    exit 1
fi
rm -f "$log"
if ! have dot; then
    echo "error: Graphviz was installed but 'dot' is still not on PATH ($PATH)" >&2
    exit 1
fi
echo "Graphviz installed: $(dot -V 2>&1)" >&2
