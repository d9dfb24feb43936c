# shield: cancelling the awaiter does not cancel the shielded task, which runs to completion.
import asyncio
trace = []
async def important():
    await asyncio.sleep(2)
    trace.append("important finished")
    return 42
async def waiter(t):
    try:
        r = await asyncio.shield(t)
        trace.append(f"waiter got {r}")
    except asyncio.CancelledError:
        trace.append("waiter cancelled")
        raise
async def main():
    t = asyncio.create_task(important())
    w = asyncio.create_task(waiter(t))
    await asyncio.sleep(1)
    w.cancel()
    await asyncio.sleep(0)
    trace.append(f"w cancelled={w.cancelled()} t done={t.done()}")
    trace.append(f"t result {await t}")
asyncio.run(main())
print("\n".join(trace))
