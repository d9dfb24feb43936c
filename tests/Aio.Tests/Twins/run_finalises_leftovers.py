# asyncio.run cancels tasks still pending when main returns and lets their finally blocks run.
import asyncio
trace = []
async def leftover(name):
    try:
        await asyncio.sleep(100)
    finally:
        trace.append(f"{name} finally")
        await asyncio.sleep(1)
        trace.append(f"{name} finished cleanup")
async def main():
    asyncio.create_task(leftover("bg"))
    await asyncio.sleep(1)
    trace.append("main returns")
    return "main result"
print(asyncio.run(main()))
print("\n".join(trace))
