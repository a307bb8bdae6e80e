"""``maturin build`` makes a wheel that installs into a fresh virtualenv and works there."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import zipfile
from pathlib import Path

BINDINGS = Path(__file__).resolve().parents[1]

SMOKE = """
import asyncio, talkover
from talkover.testing import MockServer
with MockServer() as server:
    server.seed_call("agent-1", "+5511987654321")
    client = talkover.AsyncClient(server.token, base_url=server.url)
    [call] = asyncio.run(client.active_call("agent-1", "+5511987654321"))
    print(talkover.__file__, type(call).__module__, call.status.value)
"""


def _run(args: list[str], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def test_wheel_installs_and_imports_in_a_fresh_venv(tmp_path: Path) -> None:
    maturin = str(Path(sys.executable).with_name("maturin"))
    dist = tmp_path / "dist"
    _run(
        [maturin, "build", "--strip", "--interpreter", sys.executable, "--out", str(dist)], BINDINGS
    )
    [wheel] = dist.glob("talkover-*.whl")
    assert "abi3" in wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "talkover/__init__.py",
        "talkover/py.typed",
        "talkover/_native.pyi",
        "talkover/testing.py",
    ):
        assert expected in names
    assert any(n.startswith("talkover/_native") and n.endswith(".so") for n in names)
    [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    scripts = configparser.ConfigParser()
    scripts.read_string(zipfile.ZipFile(wheel).read(entry_points).decode())
    assert dict(scripts["console_scripts"]) == {"talkover": "talkover._cli:main"}
    # The command line is in the extension: no second binary is shipped.
    assert [n for n in names if n.endswith(".so")] == ["talkover/_native.abi3.so"]
    assert not [n for n in names if ".data/scripts/" in n]

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    python = str(venv / "bin" / "python")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            str(wheel),
        ],
        tmp_path,
    )
    out = _run([python, "-c", SMOKE], tmp_path)
    location, module, status = out.split()
    assert location.startswith(str(venv)) and module == "talkover" and status == "answered"
    # pip put the console script on the venv's PATH.
    assert _run([str(venv / "bin" / "talkover"), "--version"], tmp_path).startswith("talkover ")
