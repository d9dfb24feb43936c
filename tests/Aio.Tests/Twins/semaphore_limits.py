# Semaphore(2) over five workers never lets more than two in; a permit handed to a waiter that is
# cancelled at that moment goes to the next waiter; BoundedSemaphore refuses extra releases.
import asyncio
trace = []
inside = 0
peak = 0
async def worker(sem, name):
    global inside, peak
    async with sem:
        inside += 1
        peak = max(peak, inside)
        trace.append(f"{name} in ({inside})")
        await asyncio.sleep(1)
        inside -= 1
async def waiter(sem, name):
    try:
        async with sem:
            trace.append(f"{name} acquired")
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled")
        raise
async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(worker(sem, f"w{i}") for i in range(5)))
    trace.append(f"peak={peak} locked={sem.locked()}")
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    w1 = asyncio.create_task(waiter(sem, "w1"))
    w2 = asyncio.create_task(waiter(sem, "w2"))
    await asyncio.sleep(0)
    sem.release()
    w1.cancel()
    await asyncio.gather(w1, w2, return_exceptions=True)
    trace.append(f"after: locked={sem.locked()} value={sem._value}")
    b = asyncio.BoundedSemaphore(1)
    try:
        b.release()
    except ValueError as e:
        trace.append(f"bounded: {e}")
asyncio.run(main())
print("\n".join(trace))
