# open_connection / start_server end to end: echo, half-close, at_eof, close + wait_closed, server async with.
import asyncio
trace = []
async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line.upper())
        await writer.drain()
    trace.append(f"server saw eof: at_eof={reader.at_eof()}")
    writer.write(b"BYE\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    trace.append(f"serving: {server.is_serving()}")
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        trace.append(f"peername port matches: {writer.get_extra_info('peername')[1] == port}")
        writer.write(b"hello\n")
        writer.writelines([b"wor", b"ld\n"])
        await writer.drain()
        trace.append(f"got {await reader.readline()!r}")
        trace.append(f"got {await reader.readexactly(6)!r}")
        trace.append(f"can_write_eof {writer.can_write_eof()}")
        writer.write_eof()
        trace.append(f"after write_eof: {await reader.readline()!r}")
        trace.append(f"then: {await reader.read()!r} at_eof={reader.at_eof()}")
        writer.close()
        trace.append(f"is_closing {writer.is_closing()}")
        await writer.wait_closed()
        trace.append("client closed")
    trace.append(f"after async with: serving={server.is_serving()} sockets={len(server.sockets)}")
    try:
        await asyncio.open_connection("127.0.0.1", port)
    except ConnectionRefusedError:
        trace.append("connect after close: refused")
asyncio.run(main())
print("\n".join(trace))
