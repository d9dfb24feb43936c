# Every awaitable is accepted where asyncio takes one: wait_for, create_task and gather over queue,
# lock, semaphore, event and condition operations, tasks mixed with coroutines, sleeps with results.
import asyncio
import math
trace = []
def tenths(elapsed):
    # Real time on a loaded machine runs late: count whole tenths, tolerating up to 95 ms of lateness.
    return f"{math.floor((elapsed + 0.005) * 10) / 10:.1f}"
async def value(n):
    await asyncio.sleep(0.1 * n)
    return n
async def main():
    loop = asyncio.get_running_loop()
    q = asyncio.Queue()
    try:
        await asyncio.wait_for(q.get(), 1)
    except TimeoutError:
        trace.append(f"get timed out at {tenths(loop.time() - t0)}s, qsize={q.qsize()}")
    loop.call_later(0.5, q.put_nowait, "late")
    trace.append(await asyncio.wait_for(q.get(), 1))
    getter = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    putter = asyncio.create_task(q.put("via task"))
    await putter
    trace.append(f"getter got {await getter!r}")
    lock = asyncio.Lock()
    await lock.acquire()
    waiter = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    trace.append(f"lock waiter done={waiter.done()} locked={lock.locked()}")
    lock.release()
    await waiter
    trace.append(f"lock waiter done={waiter.done()} locked={lock.locked()}")
    lock.release()
    sem = asyncio.Semaphore(1)
    await asyncio.wait_for(sem.acquire(), 1)
    try:
        await asyncio.wait_for(sem.acquire(), 0.5)
    except TimeoutError:
        trace.append(f"semaphore acquire timed out, locked={sem.locked()}")
    sem.release()
    ev = asyncio.Event()
    loop.call_later(0.2, ev.set)
    trace.append(f"event wait: {await asyncio.wait_for(ev.wait(), 1)}")
    cond = asyncio.Condition()
    async with cond:
        try:
            await asyncio.wait_for(cond.wait(), 0.3)
        except TimeoutError:
            trace.append(f"condition wait timed out, lock held again: {cond.locked()}")
    t = asyncio.create_task(value(2))
    trace.append(f"task and coroutine: {await asyncio.gather(t, value(1))}")
    trace.append(f"nothing: {await asyncio.gather()}")
    trace.append(f"sleep result: {await asyncio.wait_for(asyncio.sleep(1, 'x'), 2)}")
    number, text = await asyncio.gather(value(1), asyncio.sleep(0.1, "text"))
    trace.append(f"pair: {number!r} {text!r}")
    trace.append(f"done at {tenths(loop.time() - t0)}s")
t0 = 0
async def start():
    global t0
    t0 = asyncio.get_running_loop().time()
    await main()
asyncio.run(start())
print("\n".join(trace))
