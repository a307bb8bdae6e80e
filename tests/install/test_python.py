"""Install tests of the Python artifacts (TALKOVER_ARTIFACTS/python), not of the build tree.

The wheel goes into one fresh venv, the sdist is built from source by pip into another,
and each runs the README's offline example against the simulator the package ships. When
the artifacts come from `make dist`, the wheel must also carry the manylinux2014 tag.

The sdist build is what `pip install talkover` does where no wheel fits, a full compile of
the crate. To keep it within the test budget it reuses this checkout's cargo cache
(CARGO_TARGET_DIR) and builds with the dev profile (MATURIN_PEP517_ARGS), so the
dependencies come from the cache and only the sdist's own three crates compile; the
release compile of the sdist is the workflow's `sdist` job.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ["TALKOVER_ARTIFACTS"])
PYTHON_DIR = ARTIFACTS / "python"

SMOKE = """
import asyncio, talkover
from talkover.testing import MockServer
with MockServer() as server:
    server.seed_call("agent-1", "+5511987654321", id="call-1", status="answered")
    client = talkover.Client(server.token, base_url=server.url, max_retries=0)
    [call] = client.active_call("agent-1", "+55 11 98765-4321")
    assert client.end_call("agent-1", call.id).status == "completed"
    aclient = talkover.AsyncClient(server.token, base_url=server.url)
    try:
        asyncio.run(aclient.end_call("agent-1", "call-1"))
    except talkover.CallNotActiveError as e:
        print(talkover.__file__, talkover.__version__, type(e).__name__, e.status)
"""


def _run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, stderr: bool = False
) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run(
        args, cwd=cwd, env={**clean, **(env or {})}, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr if stderr else proc.stdout


def _venv(path: Path) -> Path:
    _run([sys.executable, "-m", "venv", str(path)], path.parent)
    return path / "bin" / "python"


def _smoke(python: Path, venv: Path) -> None:
    location, version, error, status = _run([str(python), "-c", SMOKE], venv.parent).split()
    assert location.startswith(str(venv)), location
    assert (error, status) == ("CallNotActiveError", "409")
    versions = [sys.executable, str(ROOT / "packaging" / "versions.py"), "--print"]
    assert version == _run(versions, ROOT).strip()


def test_wheel_installs_into_a_fresh_venv(tmp_path: Path) -> None:
    [wheel] = PYTHON_DIR.glob("talkover-*.whl")
    assert "-cp310-abi3-" in wheel.name, wheel.name
    if (ARTIFACTS / "from-dist").exists():
        assert "manylinux2014_x86_64" in wheel.name, wheel.name
        assert "manylinux_2_17_x86_64" in wheel.name, wheel.name
    python = _venv(tmp_path / "venv")
    _run([str(python), "-m", "pip", "install", "--quiet", "--no-index", str(wheel)], tmp_path)
    _smoke(python, tmp_path / "venv")


def test_sdist_builds_from_source_into_a_fresh_venv(tmp_path: Path) -> None:
    [sdist] = PYTHON_DIR.glob("talkover-*.tar.gz")
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "src", filter="data")
    [source] = (tmp_path / "src").iterdir()
    # The unpacked files keep the sdist's old timestamps, which the shared cargo cache would
    # take for already compiled; touching them makes cargo compile the sdist's own sources.
    now = time.time()
    for path in source.rglob("*"):
        os.utime(path, (now, now))
    python = _venv(tmp_path / "venv")
    env = {
        "CARGO_TARGET_DIR": str(ROOT / "target"),
        "MATURIN_PEP517_ARGS": "--profile dev",
    }
    # What pip does with an sdist: a PEP 517 build, maturin fetched from PyPI by build
    # isolation as for a user; --no-cache-dir so no wheel of an earlier run is reused.
    out = _run(
        [str(python), "-m", "pip", "install", "-v", "--no-cache-dir", str(source)],
        tmp_path,
        env,
        True,
    )
    compiled = {
        line.split()[1] for line in out.splitlines() if line.strip().startswith("Compiling")
    }
    assert {"talkover", "talkover-mock", "talkover-python"} <= compiled, out[-3000:]
    _smoke(python, tmp_path / "venv")
