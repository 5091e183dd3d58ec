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

from keras_recipes.train import _Interruption, train

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
        _wait_for_line(process, "Epoch 1/200")  # Keras' line as an epoch starts: fit is running
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert (process.returncode, stderr) == (130, INTERRUPTED)
    assert "Epoch 200/200" not in stdout  # stopped, not trained to the end
    assert list(tmp_path.iterdir()) == []  # no history, no curves, no temporary file, no folder


# A command standing in for one that is busy outside training (verify, explain, plot).
BUSY = textwrap.dedent(
    """
    import sys, time
    from keras_recipes import cli

    def busy(args):
        print("ready", flush=True)
        time.sleep(3600)
        return 0

    cli._cmd_list = busy
    sys.exit(cli.main())
    """
)


def test_ctrl_c_outside_training_ends_the_command_at_once():
    process = _start(["-c", BUSY, "list"])
    try:
        _wait_for_line(process, "ready")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert (process.returncode, stdout, stderr) == (130, "", INTERRUPTED)


class _RaisesSigintWhenDeleted:
    def __del__(self):
        # Python's own handler would raise KeyboardInterrupt inside __del__, where Python
        # prints it ("Exception ignored in") and drops it: like a Ctrl-C landing in code
        # that TensorFlow's C++ called.
        signal.raise_signal(signal.SIGINT)


class _CtrlCAtTheFirstEpochEnd(keras.callbacks.Callback):
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
def test_a_ctrl_c_inside_fit_is_noted_and_stops_training_at_the_next_batch(tmp_path, monkeypatch):
    dropped = []
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)
    callback = _CtrlCAtTheFirstEpochEnd()
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
    assert dropped == []  # nothing was raised where it landed
    assert callback.epochs_ended == 1
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


@pytest.mark.usefixtures("terminal_sigint")
def test_during_training_the_first_ctrl_c_is_noted_and_a_second_goes_to_the_handler_before():
    with _Interruption() as interruption:
        signal.raise_signal(signal.SIGINT)  # noted: nothing raised here
        assert interruption.seen
        with pytest.raises(KeyboardInterrupt):  # Python's own handler: raised at once
            signal.raise_signal(signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):  # and at the next batch boundary
            interruption.check()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
