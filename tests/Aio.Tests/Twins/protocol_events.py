# Protocol callbacks over a real connection: order of connection_made / data_received / eof_received /
# connection_lost, get_extra_info, pause_writing/resume_writing, close flushing, write after write_eof.
import asyncio
trace = []
class Server(asyncio.Protocol):
    def connection_made(self, transport):
        self.t = transport
        trace.append(f"server connection_made, is_reading={transport.is_reading()}")
    def data_received(self, data):
        trace.append(f"server data_received {data!r}")
        self.t.write(data.upper())
    def eof_received(self):
        trace.append("server eof_received")
        self.t.write(b"BYE")
        self.t.close()
        return True
    def connection_lost(self, exc):
        trace.append(f"server connection_lost {exc!r}")
class Client(asyncio.Protocol):
    def __init__(self, done):
        self.done = done
        self.got = b""
    def connection_made(self, transport):
        trace.append("client connection_made")
    def data_received(self, data):
        self.got += data
    def eof_received(self):
        trace.append(f"client eof_received, got {self.got!r}")
    def connection_lost(self, exc):
        trace.append(f"client connection_lost {exc!r}")
        self.done.set_result(None)
class Slow(asyncio.Protocol):
    def connection_made(self, transport):
        self.events = []
    def pause_writing(self):
        self.events.append("pause")
    def resume_writing(self):
        self.events.append("resume")
async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Server, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    done = loop.create_future()
    transport, client = await loop.create_connection(lambda: Client(done), "127.0.0.1", port)
    trace.append(f"create_connection returned, sockname port != peer port: {transport.get_extra_info('sockname')[1] != port}")
    trace.append(f"unknown extra info: {transport.get_extra_info('nope', 'default')}")
    transport.write(b"hello")
    await asyncio.sleep(0.1)
    transport.write_eof()
    try:
        transport.write(b"more")
    except RuntimeError as e:
        trace.append(f"write after write_eof: {e}")
    await done
    server.close()
    await server.wait_closed()
    trace.append(f"limits {transport.get_write_buffer_limits()}")
    try:
        transport.set_write_buffer_limits(high=1, low=2)
    except ValueError as e:
        trace.append(f"bad limits: {e}")
    # A peer that does not read: pause_writing, then resume_writing once it drains.
    accepted = loop.create_future()
    async def sink(reader, writer):
        accepted.set_result((reader, writer))
    srv = await asyncio.start_server(sink, "127.0.0.1", 0)
    t, p = await loop.create_connection(Slow, "127.0.0.1", srv.sockets[0].getsockname()[1])
    r, w = await accepted
    t.set_write_buffer_limits(high=64 * 1024)
    chunk = b"x" * 65536
    total = 0
    while not p.events:
        t.write(chunk)
        total += len(chunk)
        await asyncio.sleep(0)
    trace.append(f"events after filling: {p.events}, buffered > high: {t.get_write_buffer_size() > 64 * 1024}")
    data = await r.readexactly(total)
    await asyncio.sleep(0.1)
    trace.append(f"events after peer read all: {p.events}, buffered: {t.get_write_buffer_size()}")
    t.write(b"last")
    t.close()
    trace.append(f"closing: {t.is_closing()}")
    trace.append(f"peer gets the last bytes after close: {await r.read()!r}")
    w.close()
    srv.close()
    await srv.wait_closed()
asyncio.run(main())
print("\n".join(trace))
