"""examples/quickstart.ipynb runs in a fresh Jupyter kernel: top-level await, the blocking
client, and a cell executed twice."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
from conftest import REPO
from nbclient import NotebookClient

NOTEBOOK = REPO / "examples" / "quickstart.ipynb"


def _text(cell: Any) -> str:
    parts = []
    for out in cell.get("outputs", []):
        assert out["output_type"] != "error", "".join(out.get("traceback", []))
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "".join(parts)


def test_quickstart_notebook_runs_in_a_fresh_kernel(tmp_path: Path) -> None:
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    nb = nbformat.read(tmp_path / NOTEBOOK.name, as_version=4)
    client = NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    awaited = next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and "await client.active_call" in c.source
    )
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            if index == awaited:
                first = _text(cell)
                client.execute_cell(cell, index)  # the same cell, run again
                assert _text(cell) == first
    outputs = [_text(c) for c in nb.cells if c.cell_type == "code"]
    assert "Call(id='call-1'" in outputs[1]
    assert (
        "completed ended_by_api" in outputs[3] and "already over: 409 CALL_NOT_ACTIVE" in outputs[3]
    )
    assert outputs[4].strip() == "[]"
    assert "POST /api/v1/agents/agent-1/end-call 200" in outputs[5]
