# StreamReader limits: readuntil leaves data on LimitOverrunError, readline drops it and raises ValueError.
import asyncio
trace = []
async def main():
    r = asyncio.StreamReader(limit=8)
    r.feed_data(b"0123456789abc")
    try:
        await r.readuntil(b"\n")
    except asyncio.LimitOverrunError as e:
        trace.append(f"readuntil: LimitOverrunError consumed={e.consumed} msg={e}")
    trace.append(f"still buffered: {await r.read(4)!r}")
    r.feed_data(b"\nnext\n")
    try:
        await r.readline()
    except ValueError as e:
        trace.append(f"readline: ValueError {e}")
    trace.append(f"after overlong line: {await r.readline()!r}")
    r2 = asyncio.StreamReader(limit=4)
    r2.feed_data(b"abcdefgh\nxy\n")
    try:
        await r2.readuntil(b"\n")
    except asyncio.LimitOverrunError as e:
        trace.append(f"separator too far: consumed={e.consumed} msg={e}")
    try:
        await r2.readline()
    except ValueError as e:
        trace.append(f"readline: ValueError {e}")
    trace.append(f"next line: {await r2.readline()!r}")
    r3 = asyncio.StreamReader(limit=4)
    r3.feed_data(b"abcd\n")
    trace.append(f"line exactly at limit: {await r3.readline()!r}")
    r4 = asyncio.StreamReader(limit=4)
    r4.feed_data(b"abcdefghij")
    try:
        await r4.readline()
    except ValueError as e:
        trace.append(f"no newline, over limit: ValueError {e}")
    r4.feed_eof()
    trace.append(f"buffer cleared: at_eof={r4.at_eof()}")
    try:
        asyncio.StreamReader(limit=0)
    except ValueError as e:
        trace.append(f"limit=0: {e}")
asyncio.run(main())
print("\n".join(trace))
