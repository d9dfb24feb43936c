# Queue(maxsize=2) producer/consumer with join; QueueEmpty/QueueFull; priority and LIFO order.
import asyncio
trace = []
async def producer(q, n):
    for i in range(n):
        await q.put(i)
        trace.append(f"put {i} qsize={q.qsize()}")
async def consumer(q, name):
    while True:
        item = await q.get()
        trace.append(f"{name} got {item}")
        await asyncio.sleep(1)
        q.task_done()
async def main():
    q = asyncio.Queue(maxsize=2)
    consumers = [asyncio.create_task(consumer(q, c)) for c in ("c1", "c2")]
    await producer(q, 5)
    trace.append(f"produced, full={q.full()} empty={q.empty()}")
    await q.join()
    trace.append(f"joined, empty={q.empty()}")
    for c in consumers:
        c.cancel()
    q2 = asyncio.Queue(1)
    try:
        q2.get_nowait()
    except asyncio.QueueEmpty:
        trace.append("QueueEmpty")
    q2.put_nowait("x")
    try:
        q2.put_nowait("y")
    except asyncio.QueueFull:
        trace.append("QueueFull")
    try:
        q2.task_done(); q2.task_done()
    except ValueError as e:
        trace.append(f"ValueError {e}")
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        pq.put_nowait(item)
    trace.append(str([pq.get_nowait() for _ in range(3)]))
    lq = asyncio.LifoQueue()
    for item in "abc":
        lq.put_nowait(item)
    trace.append(str([lq.get_nowait() for _ in range(3)]))
asyncio.run(main())
print("\n".join(trace))
