# gather: results in argument order; first exception propagates while the others keep running;
# cancelling the gather cancels the children; return_exceptions returns a CancelledError for a cancelled child.
import asyncio
trace = []
async def job(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled")
        raise
    if fail:
        raise ValueError(f"{name} failed")
    trace.append(f"{name} done")
    return name
async def main():
    print(await asyncio.gather(job("slow", 2), job("fast", 1)))
    try:
        await asyncio.gather(job("ok", 3), job("bad", 1, fail=True))
    except ValueError as e:
        trace.append(f"caught {e}")
    await asyncio.sleep(3)
    print(trace); trace.clear()
    g = asyncio.gather(job("x", 5), job("y", 5))
    await asyncio.sleep(1)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        trace.append("gather cancelled")
    print(trace); trace.clear()
    t1 = asyncio.create_task(job("c1", 5))
    t2 = asyncio.create_task(job("c2", 1))
    await asyncio.sleep(0)
    t1.cancel()
    res = await asyncio.gather(t1, t2, return_exceptions=True)
    print([type(r).__name__ if isinstance(r, BaseException) else r for r in res])
    print(trace)
asyncio.run(main())
