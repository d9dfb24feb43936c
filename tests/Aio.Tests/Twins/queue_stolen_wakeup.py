# A getter woken for an item that another task takes first waits again; it is re-queued before
# a getter that arrived meanwhile, as asyncio's while-empty loop appends it when it runs.
import asyncio
order = []
async def getter(q, name):
    order.append(f"{name}:{await q.get()}")
async def main():
    q = asyncio.Queue()
    g1 = asyncio.create_task(getter(q, "g1"))
    await asyncio.sleep(0)
    q.put_nowait("first")
    print(q.get_nowait())
    g2 = asyncio.create_task(getter(q, "g2"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    q.put_nowait("second")
    q.put_nowait("third")
    await asyncio.gather(g1, g2)
    print(order)
asyncio.run(main())
