# wait_for: on timeout the inner task is cancelled and its cleanup finishes before TimeoutError is raised.
import asyncio
trace = []
async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        trace.append("inner cancelled, cleaning up")
        await asyncio.sleep(2)
        trace.append("inner cleanup done")
        raise
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        await asyncio.wait_for(inner(), timeout=1)
    except TimeoutError:
        trace.append(f"timeout after {loop.time() - t0:.0f}s")
    t = asyncio.create_task(asyncio.sleep(0.5, result="quick"))
    trace.append(await asyncio.wait_for(t, timeout=1))
    trace.append(await asyncio.wait_for(asyncio.sleep(1, result="no limit"), timeout=None))
asyncio.run(main())
print("\n".join(trace))
