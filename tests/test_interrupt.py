"""Ctrl-C stops the command wherever it lands: exit 130, one line, no file half-written.

The processes here are sent SIGINT only once they have said where they are (an
epoch's line, a "ready" line), never after a guessed delay.
"""

import signal
import subprocess
import sys
import textwrap

import keras
import pytest

from keras_recipes.train import train

INTERRUPTED = "keras-recipes: interrupted\n"


def _default_sigint():
    # A shell starts background jobs with Ctrl-C ignored, and Python then keeps
    # ignoring it, as a program should; the processes here must take it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(argv):
    return subprocess.Popen(
        [sys.executable, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )


def _wait_for_line(process, start):
    """Reads the process's output up to a line beginning with ``start``; returns what it read."""
    seen = []
    while not (seen and seen[-1].startswith(start)):
        line = process.stdout.readline()
        if not line:  # the process ended first
            process.wait(timeout=60)
            pytest.fail(f"ended before {start!r}: {''.join(seen)}{process.stderr.read()}")
        seen.append(line)
    return seen


def test_ctrl_c_during_training_exits_130_with_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "run"
    argv = ["-m", "keras_recipes", "train", "mlp", "--epochs", "200", "--samples", "64"]
    process = _start([*argv, "--out", str(out)])
    try:
        _wait_for_line(process, "Epoch 1/200 ")  # the first epoch is done: fit is running
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert (process.returncode, stderr) == (130, INTERRUPTED)
    assert "Epoch 200/200" not in stdout  # stopped, not trained to the end
    assert list(tmp_path.iterdir()) == []  # no history, no curves, no temporary file, no folder


# A command standing in for one whose main thread goes on after Ctrl-C: Python
# drops a KeyboardInterrupt raised in a __del__ or a garbage-collector callback,
# and TensorFlow may turn one into an error of its own.
STUBBORN = textwrap.dedent(
    """
    import sys, time
    from keras_recipes import cli

    def stubborn(args):
        swallowed = 0
        while swallowed < {swallow}:
            try:
                if not swallowed:
                    print("ready", flush=True)  # in the try: a Ctrl-C from here is swallowed
                time.sleep(3600)
            except KeyboardInterrupt:
                swallowed += 1
                print("swallowed", flush=True)
        return 0

    cli._cmd_list = stubborn
    sys.exit(cli.main(["list"]))
    """
)


def test_a_ctrl_c_the_command_swallowed_still_exits_130():
    process = _start(["-c", STUBBORN.format(swallow=1)])
    try:
        _wait_for_line(process, "ready")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert (process.returncode, stdout, stderr) == (130, "swallowed\n", INTERRUPTED)


def test_a_second_ctrl_c_ends_the_process_at_once():
    process = _start(["-c", STUBBORN.format(swallow=10**6)])  # the first one never stops it
    try:
        _wait_for_line(process, "ready")
        process.send_signal(signal.SIGINT)
        _wait_for_line(process, "swallowed")
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert (process.returncode, stderr) == (130, INTERRUPTED)


class _RaisesSigintWhenDeleted:
    def __del__(self):
        # Python prints an exception raised in __del__ ("Exception ignored in")
        # and drops it: here, the KeyboardInterrupt of this Ctrl-C.
        signal.raise_signal(signal.SIGINT)


class _CtrlCLostAtTheFirstEpochEnd(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.epochs_ended = 0

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_ended += 1
        if epoch == 0:
            _RaisesSigintWhenDeleted()  # deleted at once


@pytest.fixture
def terminal_sigint():
    """Ctrl-C handled as Python does in a terminal, whatever this process inherited."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("terminal_sigint")
def test_a_ctrl_c_python_drops_inside_fit_still_stops_training(tmp_path, monkeypatch):
    dropped = []
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)
    callback = _CtrlCLostAtTheFirstEpochEnd()
    with pytest.raises(KeyboardInterrupt):
        train(
            "mlp",
            epochs=100,
            samples=64,
            shift=False,
            verbose=0,
            callbacks=[callback],
            out_dir=tmp_path / "run",
        )
    assert [type(d.exc_value) for d in dropped] == [KeyboardInterrupt]  # Python did drop it
    assert callback.epochs_ended == 1
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back
