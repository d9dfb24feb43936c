# Lock: waiters are served FIFO; a released lock goes to the first waiter even if another task
# tries to take it in between; release of an unheld lock is an error.
import asyncio
trace = []
async def user(lock, name, hold):
    trace.append(f"{name} wants")
    async with lock:
        trace.append(f"{name} has it")
        await asyncio.sleep(hold)
    trace.append(f"{name} released")
async def main():
    lock = asyncio.Lock()
    tasks = [asyncio.create_task(user(lock, n, 1)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    trace.append(f"locked={lock.locked()}")
    await asyncio.sleep(1)
    trace.append(f"barger tries: locked={lock.locked()}")
    tasks.append(asyncio.create_task(user(lock, "barger", 0)))
    await asyncio.gather(*tasks)
    trace.append(f"locked={lock.locked()}")
    try:
        lock.release()
    except RuntimeError as e:
        trace.append(f"release error: {e}")
asyncio.run(main())
print("\n".join(trace))
