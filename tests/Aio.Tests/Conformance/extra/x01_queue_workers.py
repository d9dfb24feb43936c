# Beyond the guide: three workers drain a queue of jobs; join() waits until every job is done.
import asyncio
async def worker(name, queue, log):
    while True:
        seconds = await queue.get()
        await asyncio.sleep(seconds)
        log.append(f"{name} finished a {seconds}s job")
        queue.task_done()
async def main():
    queue = asyncio.Queue()
    for seconds in (0.3, 0.1, 0.2, 0.4, 0.7, 0.5):
        queue.put_nowait(seconds)
    log = []
    workers = [asyncio.create_task(worker(f"worker-{i}", queue, log)) for i in range(3)]
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("\n".join(log))
    print(f"all done, {queue.qsize()} left")
asyncio.run(main())
