# Barrier: the last arrival releases everyone; abort breaks the waiters.
import asyncio
trace = []
async def party(b, name, delay):
    await asyncio.sleep(delay)
    trace.append(f"{name} arrives n_waiting={b.n_waiting}")
    i = await b.wait()
    trace.append(f"{name} passes index={i}")
async def breaker(b, name):
    try:
        await b.wait()
    except asyncio.BrokenBarrierError:
        trace.append(f"{name} broken")
async def main():
    b = asyncio.Barrier(3)
    await asyncio.gather(party(b, "a", 1), party(b, "b", 2), party(b, "c", 3))
    trace.append(f"broken={b.broken} n_waiting={b.n_waiting}")
    b2 = asyncio.Barrier(3)
    ts = [asyncio.create_task(breaker(b2, n)) for n in ("x", "y")]
    await asyncio.sleep(0)
    await b2.abort()
    await asyncio.gather(*ts)
    trace.append(f"broken={b2.broken}")
asyncio.run(main())
print("\n".join(trace))
