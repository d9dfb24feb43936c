# TaskGroup: the first failure cancels the siblings and the body; errors are raised together
# once every child has finished.
import asyncio
trace = []
async def worker(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise ValueError(f"{name} failed")
        trace.append(f"{name} done")
    except asyncio.CancelledError:
        trace.append(f"{name} cancelled")
        await asyncio.sleep(0.5)
        trace.append(f"{name} cleaned up")
        raise
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 1))
            tg.create_task(worker("b", 2, fail=True))
            tg.create_task(worker("c", 3))
            tg.create_task(worker("d", 2.5, fail=False))
            await asyncio.sleep(10)
            trace.append("body: not reached")
    except* ValueError as eg:
        trace.append(f"group: {[str(e) for e in eg.exceptions]}")
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(worker("x", 1))
        t2 = tg.create_task(worker("y", 2))
    trace.append(f"all done: {t1.done()} {t2.done()}")
asyncio.run(main())
print("\n".join(trace))
