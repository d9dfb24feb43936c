# asyncio.run cancels a task left waiting on a queue; its finally runs.
import asyncio
async def consumer(q):
    try:
        while True:
            x = await q.get(); print('got', x)
    finally:
        print('consumer finally')
async def main():
    q = asyncio.Queue()
    asyncio.create_task(consumer(q))
    await asyncio.sleep(0.1)
    print('main done')
asyncio.run(main())
print('run returned')
