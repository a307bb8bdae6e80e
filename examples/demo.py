"""`make demo`: run the Rust, Python and Node quickstarts against the bundled simulator.

Starts `talkover-mock` on a free port, and before each quickstart resets it, seeds an agent
with one answered call and queues one 503 for the first lookup, so every transcript shows the
same story: the lookup is retried, the call is found and ended, a second lookup finds
nothing, and ending it again raises CallNotActiveError. After each quickstart it prints what
the simulator received. Standard library only: it runs before any virtualenv exists.

Usage: python3 examples/demo.py MOCK_BINARY NAME=COMMAND [NAME=COMMAND ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

TOKEN = "talq_demo_token"
AGENT = "agent-demo"
PHONE = "+5511987654321"


class Simulator:
    """The `talkover-mock` binary in a child process, driven through its control API."""

    def __init__(self, binary: str) -> None:
        self.proc = subprocess.Popen(
            [binary, "--port", "0", "--token", TOKEN],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if "http://" not in line:
            self.proc.kill()
            raise SystemExit(f"simulator did not start: {line!r}")
        self.url = line[line.index("http://") :]
        self.root = self.url.removesuffix("/api/v1")

    def control(self, method: str, path: str, body: object | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.root}/__mock/{path}",
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=5) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def prepare(self) -> None:
        self.control("POST", "reset")
        self.control(
            "POST",
            "calls",
            {
                "agent_id": AGENT,
                "to": PHONE,
                "status": "answered",
                "duration_seconds": 42,
            },
        )
        self.control(
            "POST",
            "faults",
            {
                "status": 503,
                "body": {
                    "success": False,
                    "message": "Service temporarily unavailable",
                },
                "path": "/active-call/",
            },
        )

    def print_log(self) -> None:
        requests = self.control("GET", "requests")
        assert isinstance(requests, list)
        for r in requests:
            endpoint = r["path"].rsplit("/agents/", 1)[-1]
            retry = f", retry {r['retry_count']}" if r.get("retry_count") else ""
            print(
                f"    simulator: {r['method']:4} .../agents/{endpoint} -> {r['status']}{retry}"
            )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    sim = Simulator(argv[0])
    env = dict(
        os.environ,
        TALKOVER_API_TOKEN=TOKEN,
        TALKOVER_BASE_URL=sim.url,
        TALKOVER_AGENT_ID=AGENT,
        TALKOVER_PHONE="+55 11 98765-4321",
    )
    print(f"simulator listening on {sim.url}\n")
    failed = []
    try:
        for spec in argv[1:]:
            name, _, command = spec.partition("=")
            print(f"== {name}: {command}")
            sim.prepare()
            code = subprocess.call(command, shell=True, env=env)
            sim.print_log()
            print()
            if code != 0:
                failed.append(name)
    finally:
        sim.stop()
    if failed:
        print(f"demo failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("demo complete: every quickstart ran against the simulator.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
