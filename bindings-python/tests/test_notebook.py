"""examples/quickstart.ipynb runs in a fresh Jupyter kernel: top-level await, the blocking
client, a cell executed twice, and the models shown as data (``to_dict``, the HTML table)."""

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


def _html(cell: Any) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", []))


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
    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [_text(c) for c in code]
    assert "Call(id='call-1'" in outputs[1]
    # to_dict(): plain data, the status a string and the time an ISO 8601 string in UTC.
    assert "'status': 'answered'" in outputs[3] and "Z'" in outputs[3]
    # A model as the last expression of a cell: Jupyter shows its table.
    assert "<table" in _html(code[4]) and '<td style="text-align:left">call-1</td>' in _html(
        code[4]
    )
    # The rows as a table: a DataFrame where pandas is installed, else the list of dicts.
    assert "call-1" in outputs[5] and ("'id': 'call-1'" in outputs[5] or "<table" in _html(code[5]))
    assert (
        "completed ended_by_api" in outputs[6] and "already over: 409 CALL_NOT_ACTIVE" in outputs[6]
    )
    assert outputs[7].strip() == "[]"
    assert "POST /api/v1/agents/agent-1/end-call 200" in outputs[8]
