"""Synchronisation workloads on CPython's asyncio (optionally uvloop), for Aio's sync benchmark.
Each prints `name value unit`. usage: python3 sync_anchor.py [asyncio|uvloop] [SCALE]"""
import asyncio, sys, time

kind = sys.argv[1] if len(sys.argv) > 1 else "asyncio"
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
if kind == "uvloop":
    import uvloop
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())

async def lock_handoff(n, workers=4):
    # workers contend for one lock; each holds it across one yield, so every release hands it over
    lock = asyncio.Lock()
    async def worker():
        for _ in range(n // workers):
            async with lock:
                await asyncio.sleep(0)
    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return n / (time.perf_counter() - t)

async def queue_throughput(n, maxsize=100):
    # one producer, one consumer, bounded queue
    q = asyncio.Queue(maxsize)
    async def consumer():
        for _ in range(n):
            await q.get()
    c = asyncio.create_task(consumer())
    t = time.perf_counter()
    for i in range(n):
        await q.put(i)
    await c
    return n / (time.perf_counter() - t)

async def main():
    N = int(200_000 * scale)
    print(f"lock_handoffs_per_s {await lock_handoff(N):.0f}")
    print(f"queue_items_per_s {await queue_throughput(N):.0f}")

asyncio.run(main())
