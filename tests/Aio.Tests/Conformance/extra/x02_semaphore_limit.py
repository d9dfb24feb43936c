# Beyond the guide: a semaphore lets at most two downloads run at once.
import asyncio
async def download(sem, i, running, log):
    async with sem:
        running.append(i)
        log.append(f"start {i} ({len(running)} running)")
        await asyncio.sleep(1 + i * 0.1)
        running.remove(i)
        log.append(f"done {i}")
async def main():
    sem = asyncio.Semaphore(2)
    running, log = [], []
    await asyncio.gather(*(download(sem, i, running, log) for i in range(5)))
    print("\n".join(log))
asyncio.run(main())
