"""Shared helpers for the module's tests. The module is imported from the build tree
(ctest sets PYTHONPATH); RUMOR_CLI is the rumor command of the same build, which the
tests compare against."""
import json
import os
import subprocess
import time

import pytest


def rumor_cli():
    path = os.environ.get("RUMOR_CLI")
    if not path:
        pytest.skip("RUMOR_CLI is not set (run through ctest)")
    return path


def cli_json(*args):
    """What `rumor <args> --json` prints, parsed."""
    out = subprocess.run([rumor_cli(), *args, "--json"], check=True, capture_output=True,
                         text=True, timeout=120)
    return json.loads(out.stdout)


def cli_error(*args):
    """The message `rumor <args>` prints on stderr for a bad flag, without its prefix."""
    out = subprocess.run([rumor_cli(), *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out
    return out.stderr.strip().split(": ", 1)[1]


def eventually(pred, timeout=10.0, what="the condition"):
    """Polls pred until it holds or timeout passes (never sleep-and-hope)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.02)
    assert pred(), f"timed out after {timeout} s waiting for {what}"
