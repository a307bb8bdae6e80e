"""Quickstart (blocking): the same workflow without asyncio, for scripts, Django views and
worker processes. ``make demo`` runs it against the bundled simulator.
"""

import os
import time

import talkover

agent_id = os.environ.get("TALKOVER_AGENT_ID", "agent-demo")
phone = os.environ.get("TALKOVER_PHONE", "+55 11 98765-4321")

with talkover.Client() as client:  # token from TALKOVER_API_TOKEN
    active = client.active_call(agent_id, phone)
    print(f"[python, blocking] active calls for {phone}: {len(active)}")
    if active:
        print("[python, blocking] already on a call: not placing another")
    else:
        placed = client.make_call(agent_id, phone, payload={"customer_name": "Ana"})
        print(f"[python, blocking] placed call {placed.id} ({placed.status or '-'})")

    calls = client.active_call(agent_id, phone)
    if not calls:
        print(f"[python, blocking] no active call for {phone}")
    else:
        call = calls[0]
        print(f"[python, blocking] active call: {call.id} ({call.status})")
        ended = client.end_call(agent_id, call.id)
        print(f"[python, blocking] ended {ended.id} at {ended.ended_at}")
        try:
            client.end_call(agent_id, call.id)
        except talkover.CallNotActiveError as e:
            print(
                f"[python, blocking] ending it again: {type(e).__name__} (HTTP {e.status})"
            )

    # Today in UTC, as a "YYYY-MM-DD" string (a date or a datetime works too).
    today = time.strftime("%Y-%m-%d", time.gmtime())
    for record in client.list_calls(agent_id=agent_id, date_from=today):
        print(
            f"[python, blocking] today: {record.id} {record.status} {record.direction}"
        )
