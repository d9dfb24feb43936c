# sleep(0) yields exactly one iteration: three tasks interleave round-robin.
import asyncio
trace = []
async def worker(name, n):
    for i in range(n):
        trace.append(f"{name}{i}")
        await asyncio.sleep(0)
async def main():
    await asyncio.gather(worker("a", 3), worker("b", 2), worker("c", 4))
asyncio.run(main())
print(" ".join(trace))
