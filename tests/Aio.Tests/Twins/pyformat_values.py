# What print() shows for the values the guide and ported programs print: PyFormat must print the same.
import asyncio


async def main():
    print([1, 'apple', None, True, 2.5, 10.0])
    print((42,), (), ('a', (1, 2)), {'data': [1, {'k': 'v'}]})
    print({3}, [[1, 2], [3]])
    print(b'after cancel', b"it's", b'\x00\n\t\\', b'both \' and "')
    print(repr('quote\'s'), repr('tab\there'))
    print(repr(ValueError('Invalid delay')), str(ValueError('Invalid delay')))
    print(repr(TimeoutError()), repr(KeyError('k')), ValueError('x').args)
    task = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0)
    task.cancel('stop now')
    try:
        await task
    except asyncio.CancelledError as e:
        print(repr(e), e.args)
    task = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError as e:
        print(repr(e), e.args)


asyncio.run(main())
