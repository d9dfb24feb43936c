# Lock: waiters are served FIFO. A task that releases the lock and immediately tries to take it
# again queues behind the waiters instead of barging in; releasing an unheld lock is an error.
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
    await lock.acquire()
    tasks = [asyncio.create_task(user(lock, n, 1)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    trace.append(f"main holds it, locked={lock.locked()}")
    lock.release()
    trace.append(f"main released, locked={lock.locked()}, tries again")
    async with lock:
        trace.append("main has it again")
    await asyncio.gather(*tasks)
    trace.append(f"locked={lock.locked()}")
    try:
        lock.release()
    except RuntimeError as e:
        trace.append(f"release error: {e}")
asyncio.run(main())
print("\n".join(trace))
