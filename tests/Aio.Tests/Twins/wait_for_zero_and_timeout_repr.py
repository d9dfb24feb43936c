# wait_for with a timeout of zero or less cancels the awaitable and raises TimeoutError for every kind
# of awaitable; a timeout's repr says [finished] after a normal exit and shows deadlines as floats.
import asyncio
async def work():
    await asyncio.sleep(1)
async def main():
    loop = asyncio.get_running_loop()
    makers = [("coroutine", work), ("task", lambda: asyncio.create_task(work())), ("future", loop.create_future)]
    for label, make in makers:
        for timeout in (0, -1):
            aw = make()
            try:
                await asyncio.wait_for(aw, timeout)
                print(label, timeout, "returned")
            except TimeoutError:
                print(label, timeout, "TimeoutError", "cancelled" if not asyncio.iscoroutine(aw) and aw.cancelled() else "")
    async with asyncio.timeout_at(10.0) as cm:
        print(repr(cm))
    print(repr(cm))
    async with asyncio.timeout_at(1e16) as cm:
        print(repr(cm))
    async with asyncio.timeout(None) as cm:
        print(repr(cm))
asyncio.run(main())
