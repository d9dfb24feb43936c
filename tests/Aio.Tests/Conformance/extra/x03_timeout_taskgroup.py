# Beyond the guide: a deadline around a task group cancels what is still running.
import asyncio
async def job(name, delay):
    try:
        await asyncio.sleep(delay)
        return f"{name} done"
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise
async def main():
    try:
        async with asyncio.timeout(2):
            async with asyncio.TaskGroup() as tg:
                quick = tg.create_task(job("quick", 1))
                slow = tg.create_task(job("slow", 5))
    except TimeoutError:
        print("timed out after 2s")
    print(quick.result(), slow.cancelled())
asyncio.run(main())
