"""Where the instructions of one call go: the difference of two callgrind profiles.

`bench/run.py --callgrind --callgrind-dir DIR` keeps, for each client, the profile of a run
of LOW sequential calls and of HIGH (DIR/LANG-CLIENT-N.out). Everything but the calls
(start-up, imports, the warm-up) costs the same in both, so the per-function difference
divided by HIGH - LOW is what one call spends in each function: its own instructions
(self), or with --inclusive everything under it. Standard library plus valgrind's
callgrind_annotate.

Usage: python3 bench/callgrind_diff.py LOW.out HIGH.out CALLS [--inclusive] [--top 30]
"""

from __future__ import annotations

import argparse
import re
import subprocess

LINE = re.compile(r"^\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?(?:\*\s+)?(\S.*)$")


def per_function(path: str, inclusive: bool) -> dict[str, int]:
    out = subprocess.run(
        [
            "callgrind_annotate",
            f"--inclusive={'yes' if inclusive else 'no'}",
            "--threshold=100",
            path,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    costs: dict[str, int] = {}
    listing = False
    for line in out.splitlines():
        if "file:function" in line:
            listing = True
            continue
        if not listing:
            continue
        m = LINE.match(line)
        if m:
            name = re.sub(r"\s+\[[^\]]*\]$", "", m.group(2)).strip()
            costs[name] = costs.get(name, 0) + int(m.group(1).replace(",", ""))
    return costs


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("low")
    p.add_argument("high")
    p.add_argument(
        "calls", type=int, help="HIGH - LOW: the calls the difference covers"
    )
    p.add_argument("--inclusive", action="store_true")
    p.add_argument("--top", type=int, default=30)
    args = p.parse_args()
    low = per_function(args.low, args.inclusive)
    high = per_function(args.high, args.inclusive)
    diff = {
        k: (high.get(k, 0) - low.get(k, 0)) / args.calls for k in set(low) | set(high)
    }
    total = sum(v for v in per_function(args.high, False).values()) - sum(
        v for v in per_function(args.low, False).values()
    )
    print(f"instructions per call: {total / args.calls:,.0f}")
    for name, cost in sorted(diff.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{cost:>12,.0f}  {name[:150]}")


if __name__ == "__main__":
    main()
