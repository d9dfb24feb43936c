# Cancelling twice while the first cancellation is on its way: the delivered error keeps the first message.
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    async def waiter():
        try:
            await fut
        except asyncio.CancelledError as e:
            print('waiter got', repr(e.args))
            raise
    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    t.cancel('a'); t.cancel('b')
    print('cancelling', t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print('main got', repr(e.args))
asyncio.run(main())
