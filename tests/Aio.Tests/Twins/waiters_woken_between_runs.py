# A waiter cancelled, or a getter fed, between two runs of its loop resumes on the next run.
import asyncio
async def wait_ev(ev):
    try: await ev.wait()
    finally: print('waiter finally')
loop = asyncio.new_event_loop()
ev = asyncio.Event()
t = loop.create_task(wait_ev(ev))
loop.run_until_complete(asyncio.sleep(0))
t.cancel()
try: loop.run_until_complete(t)
except asyncio.CancelledError: pass
print(f'cancelled={t.cancelled()} done={t.done()}')
async def getq(q): return await q.get()
q = asyncio.Queue()
t = loop.create_task(getq(q))
loop.run_until_complete(asyncio.sleep(0))
q.put_nowait(1)
print(loop.run_until_complete(t))
