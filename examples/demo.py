"""`make demo`: run the Rust, Python and Node quickstarts against the bundled simulator.

Starts `talkover-mock` on a free port, and before each quickstart resets it, seeds the agent
and queues one 503 for the first lookup, so every transcript shows the same story: the
lookup is retried and finds no active call, a call is placed, the lookup finds it, it is
ended, ending it again raises CallNotActiveError, and today's calls are listed. After each
quickstart it prints what the simulator received. With `--cli PATH` it ends on the operator's
emergency stop: two calls active on one number, hung up by `talkover calls hangup`. Standard
library only: it runs before any virtualenv exists.

Usage: python3 examples/demo.py MOCK_BINARY [--cli TALKOVER_BINARY] NAME=COMMAND [...]
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
        self.control("POST", "agents", {"id": AGENT, "name": "Demo agent"})
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

    def prepare_hangup(self) -> None:
        """Two calls active on one number: what an operator stops at 3 a.m."""
        self.control("POST", "reset")
        for call_id in ("call-a", "call-b"):
            self.control(
                "POST",
                "calls",
                {"agent_id": AGENT, "to": PHONE, "id": call_id, "status": "answered"},
            )

    def print_log(self) -> None:
        requests = self.control("GET", "requests")
        assert isinstance(requests, list)
        for r in requests:
            path = r["path"].removeprefix("/api/v1")
            query = f"?{r['query']}" if r.get("query") else ""
            retry = f", retry {r['retry_count']}" if r.get("retry_count") else ""
            print(
                f"    simulator: {r['method']:4} {path}{query} -> {r['status']}{retry}"
            )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main(argv: list[str]) -> int:
    cli = None
    if len(argv) > 2 and argv[1] == "--cli":
        cli = argv[2]
        argv = argv[:1] + argv[3:]
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
        if cli is not None:
            command = f"{cli} calls hangup {AGENT} '+55 11 98765-4321' --yes --table"
            print(f"== command line, emergency stop: {command}")
            sim.prepare_hangup()
            code = subprocess.call(command, shell=True, env=env)
            sim.print_log()
            print()
            if code != 0:
                failed.append("command line")
    finally:
        sim.stop()
    if failed:
        print(f"demo failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("demo complete: every quickstart ran against the simulator.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
