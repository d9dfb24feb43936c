# An event set from code running on another loop wakes the waiter on the waiter's own loop.
import asyncio
ev = asyncio.Event()
A = asyncio.new_event_loop(); B = asyncio.new_event_loop()
async def waiter():
    await ev.wait()
    print('waiter resumed on', 'A' if asyncio.get_running_loop() is A else 'B')
t = A.create_task(waiter())
A.run_until_complete(asyncio.sleep(0))
async def setter():
    ev.set(); await asyncio.sleep(0.01); print('B done, t.done =', t.done())
B.run_until_complete(setter())
A.run_until_complete(t)
