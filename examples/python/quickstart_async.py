"""Quickstart (asyncio): the whole call workflow, and the errors a real integration meets.

Dedupe (look up the active call first), place a call only when there is none, find it, end
it, see what ending it twice does, then list the agent's calls of today. ``make demo`` runs
it against the bundled simulator. Against the real API, set TALKOVER_API_TOKEN and
TALKOVER_BASE_URL (plus TALKOVER_AGENT_ID and TALKOVER_PHONE).
"""

import asyncio
import os
from datetime import datetime

import talkover


async def main() -> None:
    agent_id = os.environ.get("TALKOVER_AGENT_ID", "agent-demo")
    phone = os.environ.get("TALKOVER_PHONE", "+55 11 98765-4321")

    # Reads TALKOVER_API_TOKEN and TALKOVER_BASE_URL; one client per process is enough.
    async with talkover.AsyncClient() as client:
        active = await client.active_call(agent_id, phone)
        print(f"[python] active calls for {phone}: {len(active)}")
        if not active:
            placed = await client.make_call(
                agent_id, phone, payload={"customer_name": "Ana"}
            )
            print(f"[python] placed call {placed.id} ({placed.status or '-'})")
        else:
            print("[python] already on a call: not placing another")

        calls = await client.active_call(agent_id, phone)
        if not calls:
            print(f"[python] no active call for {phone}")
            return
        call = calls[0]
        print(
            f"[python] active call: {call.id} ({call.status}, {call.duration_seconds or 0} s in)"
        )

        ended = await client.end_call(agent_id, call.id, timeout=10.0)
        print(
            f"[python] ended {ended.id}: {ended.status} ({ended.ended_reason or '-'})"
        )

        try:
            await client.end_call(agent_id, call.id)
            print("[python] ending it again succeeded (the call was still active)")
        except talkover.CallNotActiveError as e:
            print(
                f"[python] ending it again: {type(e).__name__} (HTTP {e.status}, code {e.code})"
            )

        # A datetime, in any time zone, is taken as its day in UTC: today's calls, fetched
        # page after page as the loop needs them.
        today = datetime.now().astimezone()
        async for record in client.list_calls(agent_id=agent_id, date_from=today):
            print(
                f"[python] today: {record.id} {record.status} {record.direction or '-'}"
            )


asyncio.run(main())
