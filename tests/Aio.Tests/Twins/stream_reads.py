# StreamReader reads fed by hand: read(n), readline, readexactly, readuntil, at_eof, IncompleteReadError.
import asyncio
trace = []
async def main():
    r = asyncio.StreamReader()
    r.feed_data(b"hello\nworld\nab")
    trace.append(f"readline {await r.readline()!r}")
    trace.append(f"read(3) {await r.read(3)!r}")
    trace.append(f"readuntil {await r.readuntil(b'ab')!r}")
    trace.append(f"at_eof {r.at_eof()}")
    later = asyncio.create_task(r.readexactly(5))
    await asyncio.sleep(0)
    r.feed_data(b"12")
    await asyncio.sleep(0)
    trace.append(f"readexactly waiting after 2 bytes: done={later.done()}")
    r.feed_data(b"345678")
    trace.append(f"readexactly {await later!r}")
    r.feed_data(b"tail-without-newline")
    r.feed_eof()
    trace.append(f"at_eof with data buffered {r.at_eof()}")
    try:
        await r.readexactly(100)
    except asyncio.IncompleteReadError as e:
        trace.append(f"IncompleteReadError partial={e.partial!r} expected={e.expected} msg={e}")
    trace.append(f"at_eof {r.at_eof()}")
    trace.append(f"readline at eof {await r.readline()!r}")
    trace.append(f"read at eof {await r.read(10)!r}")
    r2 = asyncio.StreamReader()
    r2.feed_data(b"a--b--partial-")
    r2.feed_eof()
    trace.append(f"readuntil {await r2.readuntil(b'--')!r}")
    trace.append(f"readuntil {await r2.readuntil(b'--')!r}")
    try:
        await r2.readuntil(b'--')
    except asyncio.IncompleteReadError as e:
        trace.append(f"IncompleteReadError partial={e.partial!r} expected={e.expected} msg={e}")
    r3 = asyncio.StreamReader()
    r3.feed_data(b"line1\nrest")
    r3.feed_eof()
    trace.append(f"read(-1) {await r3.read()!r}")
    r4 = asyncio.StreamReader()
    r4.feed_data(b"x\ny\n")
    r4.feed_eof()
    trace.append(f"async for {[line async for line in r4]!r}")
    r5 = asyncio.StreamReader()
    r5.feed_data(b"some")
    r5.set_exception(ConnectionResetError("boom"))
    try:
        await r5.read(1)
    except ConnectionResetError as e:
        trace.append(f"read raises stored exception: {e}")
    try:
        await r.readexactly(-1)
    except ValueError as e:
        trace.append(f"readexactly(-1): {e}")
    try:
        await r.readuntil(b"")
    except ValueError as e:
        trace.append(f"readuntil(b''): {e}")
    r6 = asyncio.StreamReader()
    t1 = asyncio.create_task(r6.read(1))
    await asyncio.sleep(0)
    try:
        await r6.read(1)
    except RuntimeError as e:
        trace.append(f"second reader: {e}")
    t1.cancel()
    try:
        await t1
    except asyncio.CancelledError:
        trace.append("waiting read cancelled")
    r6.feed_data(b"kept")
    trace.append(f"data after cancelled read {await r6.read(10)!r}")
asyncio.run(main())
print("\n".join(trace))
