# Nested timeouts: only the scope whose deadline passed converts the cancellation into TimeoutError;
# an outer cancellation stays a CancelledError.
import asyncio
trace = []
async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        async with asyncio.timeout(5) as outer:
            try:
                async with asyncio.timeout(1) as inner:
                    await asyncio.sleep(10)
            except TimeoutError:
                trace.append(f"inner timed out, inner expired={inner.expired()} outer expired={outer.expired()}")
            await asyncio.sleep(10)
    except TimeoutError:
        trace.append(f"outer timed out at {loop.time() - t0:.0f}, expired={outer.expired()}")
    async with asyncio.timeout(1) as t:
        t.reschedule(loop.time() + 3)
        await asyncio.sleep(2)
    trace.append(f"rescheduled block finished, expired={t.expired()}")
    async def victim():
        try:
            async with asyncio.timeout(10):
                await asyncio.sleep(5)
        except TimeoutError:
            trace.append("victim: wrong, timeout")
        except asyncio.CancelledError:
            trace.append("victim: cancelled from outside")
            raise
    v = asyncio.create_task(victim())
    await asyncio.sleep(1)
    v.cancel()
    try:
        await v
    except asyncio.CancelledError:
        trace.append(f"victim task cancelled={v.cancelled()}")
asyncio.run(main())
print("\n".join(trace))
