# A task's first step runs on the next loop iteration, after callbacks scheduled before it.
import asyncio
trace = []
async def child(name):
    trace.append(f"{name} starts")
    await asyncio.sleep(0)
    trace.append(f"{name} resumes")
async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(trace.append, "callback before")
    t = asyncio.create_task(child("t"))
    loop.call_soon(trace.append, "callback after")
    trace.append("main continues")
    await asyncio.sleep(0)
    trace.append("main after one yield")
    await t
asyncio.run(main())
print("\n".join(trace))
