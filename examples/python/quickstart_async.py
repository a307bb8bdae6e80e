"""Quickstart (asyncio): find the active call for a phone number, end it, and handle the
errors a real integration meets.

``make demo`` runs it against the bundled simulator. Against the real API, set
TALKOVER_API_TOKEN and TALKOVER_BASE_URL (plus TALKOVER_AGENT_ID and TALKOVER_PHONE).
"""

import asyncio
import os

import talkover


async def main() -> None:
    agent_id = os.environ.get("TALKOVER_AGENT_ID", "agent-demo")
    phone = os.environ.get("TALKOVER_PHONE", "+55 11 98765-4321")

    # Reads TALKOVER_API_TOKEN and TALKOVER_BASE_URL; one client per process is enough.
    async with talkover.AsyncClient() as client:
        calls = await client.active_call(agent_id, phone)
        if not calls:
            print(f"[python] no active call for {phone}")
            return
        call = calls[0]
        print(
            f"[python] active call for {phone}: {call.id} ({call.status}, {call.duration_seconds or 0} s in)"
        )

        ended = await client.end_call(agent_id, call.id, timeout=10.0)
        print(f"[python] ended {ended.id}: {ended.status} ({ended.ended_reason})")

        after = await client.active_call(agent_id, phone)
        print(f"[python] active calls now: {len(after)}")

        try:
            await client.end_call(agent_id, call.id)
        except talkover.CallNotActiveError as e:
            print(
                f"[python] ending it again: {type(e).__name__} (HTTP {e.status}, code {e.code})"
            )


asyncio.run(main())
