# An exception in a callback goes to the loop's exception handler; the loop keeps running.
import asyncio
trace = []
def bad():
    raise ValueError("boom")
def handler(loop, context):
    trace.append(f"handler: {context['message'].split(' ')[0:3]} {context['exception']!r}")
async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    loop.call_soon(bad)
    loop.call_soon(trace.append, "next callback ran")
    await asyncio.sleep(0.1)
    trace.append("main still running")
asyncio.run(main())
print("\n".join(trace))
