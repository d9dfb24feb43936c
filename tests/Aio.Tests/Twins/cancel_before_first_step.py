# A task cancelled before its first step never runs its body.
import asyncio
trace = []
async def body():
    trace.append("body ran")
async def main():
    t = asyncio.create_task(body())
    t.cancel("early")
    try:
        await t
    except asyncio.CancelledError as e:
        trace.append(f"cancelled before start: {t.cancelled()} {e.args}")
asyncio.run(main())
print("\n".join(trace) or "nothing")
