"""Quickstart (blocking): the same flow without asyncio, for scripts, Django views and
worker processes. ``make demo`` runs it against the bundled simulator.
"""

import os

import talkover

agent_id = os.environ.get("TALKOVER_AGENT_ID", "agent-demo")
phone = os.environ.get("TALKOVER_PHONE", "+55 11 98765-4321")

with talkover.Client() as client:  # token from TALKOVER_API_TOKEN
    for call in client.active_call(agent_id, phone):
        print(f"[python, blocking] active call for {phone}: {call.id} ({call.status})")
        ended = client.end_call(agent_id, call.id)
        print(f"[python, blocking] ended {ended.id} at {ended.ended_at}")
        try:
            client.end_call(agent_id, call.id)
        except talkover.CallNotActiveError as e:
            print(
                f"[python, blocking] ending it again: {type(e).__name__} (HTTP {e.status})"
            )
    print(
        f"[python, blocking] active calls now: {len(client.active_call(agent_id, phone))}"
    )
