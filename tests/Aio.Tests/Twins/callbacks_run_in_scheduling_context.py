# Callbacks run in a copy of the context they were scheduled from; a callback changing it does not leak.
import asyncio, contextvars
v = contextvars.ContextVar('v', default='unset')
async def main():
    loop = asyncio.get_running_loop()
    v.set('main')
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print('done cb sees', v.get()))
    loop.call_soon(lambda: print('call_soon sees', v.get()))
    loop.call_later(0.01, lambda: print('call_later sees', v.get()))
    fut.set_result(1)
    await asyncio.sleep(0.1)
    def cb1(): v.set('leaked')
    loop.call_soon(cb1)
    loop.call_soon(lambda: print('next callback sees', v.get()))
    await asyncio.sleep(0)
    print('main sees', v.get())
asyncio.run(main())
