# Event wakes all waiters in the order they waited; Condition notify(1) wakes one, notify_all the rest.
import asyncio
trace = []
async def ev_waiter(ev, name):
    trace.append(f"{name} waits")
    r = await ev.wait()
    trace.append(f"{name} woke {r}")
async def cond_waiter(cond, name):
    async with cond:
        trace.append(f"{name} waits")
        r = await cond.wait()
        trace.append(f"{name} notified {r} locked={cond.locked()}")
async def main():
    ev = asyncio.Event()
    ts = [asyncio.create_task(ev_waiter(ev, n)) for n in ("e1", "e2", "e3")]
    await asyncio.sleep(0)
    trace.append(f"set is_set={ev.is_set()}")
    ev.set()
    await asyncio.gather(*ts)
    trace.append(f"wait on set event: {await ev.wait()}")
    ev.clear()
    cond = asyncio.Condition()
    ts = [asyncio.create_task(cond_waiter(cond, n)) for n in ("c1", "c2", "c3")]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
        trace.append("notify(1)")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    async with cond:
        cond.notify_all()
        trace.append("notify_all()")
    await asyncio.gather(*ts)
    try:
        cond.notify()
    except RuntimeError as e:
        trace.append(f"error: {e}")
    ready = False
    async def flip():
        nonlocal ready
        await asyncio.sleep(1)
        async with cond:
            ready = True
            cond.notify_all()
    asyncio.create_task(flip())
    async with cond:
        trace.append(f"wait_for -> {await cond.wait_for(lambda: ready)}")
asyncio.run(main())
print("\n".join(trace))
