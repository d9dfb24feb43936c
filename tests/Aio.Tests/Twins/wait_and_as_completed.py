# wait() splits futures into done and pending; as_completed yields results in completion order.
import asyncio
async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(name)
    return name
async def main():
    ts = [asyncio.create_task(job(n, d)) for n, d in (("a", 3), ("b", 1), ("c", 2))]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print(sorted(t.result() for t in done), len(pending))
    done, pending = await asyncio.wait(ts, timeout=0.5)
    print(len(done), len(pending))
    done, pending = await asyncio.wait(ts)
    print(sorted(t.result() for t in done), len(pending))
    ts = [asyncio.create_task(job(n, d, fail=(n == "y"))) for n, d in (("x", 1), ("y", 2), ("z", 3))]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending))
    await asyncio.wait(pending)
    order = []
    for coro in asyncio.as_completed([job("p", 3), job("q", 1), job("r", 2)]):
        order.append(await coro)
    print(order)
    try:
        for coro in asyncio.as_completed([job("s", 1), job("t", 5)], timeout=2):
            print(await coro)
    except TimeoutError:
        print("as_completed timed out")
asyncio.run(main())
