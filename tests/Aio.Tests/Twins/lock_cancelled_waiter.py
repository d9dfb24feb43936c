# A cancelled lock waiter neither keeps nor loses the lock: cancelled while waiting, or right after
# the lock was handed to it, the next waiter gets the lock.
import asyncio
trace = []
async def waiter(lock, name):
    try:
        async with lock:
            trace.append(f"{name} has it")
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled, locked={lock.locked()}")
        raise
async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    b = asyncio.create_task(waiter(lock, "b"))
    c = asyncio.create_task(waiter(lock, "c"))
    d = asyncio.create_task(waiter(lock, "d"))
    await asyncio.sleep(0)
    b.cancel()
    await asyncio.sleep(0)
    lock.release()
    c.cancel()
    await asyncio.gather(b, c, d, return_exceptions=True)
    trace.append(f"end locked={lock.locked()}")
asyncio.run(main())
print("\n".join(trace))
