"""docs/python.md's walk-through runs as written and, with matplotlib, draws its chart."""
import importlib.util
import os
import subprocess
import sys


def test_the_walkthrough_runs_and_draws_its_chart(tmp_path):
    script = os.path.join(os.environ.get("RUMOR_SOURCE_DIR", ""), "python", "examples",
                          "walkthrough.py")
    out = subprocess.run([sys.executable, "-B", script, str(tmp_path)], capture_output=True,
                         text=True, timeout=120, check=True)
    assert "trace" in out.stdout
    assert "beta heard: ('hello', b'from alpha')" in out.stdout
    if importlib.util.find_spec("matplotlib"):
        assert (tmp_path / "loss.png").stat().st_size > 1000
