# create_datagram_endpoint: echo over UDP, connected endpoints, error_received for an unreachable port.
import asyncio
trace = []
class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.t = transport
    def datagram_received(self, data, addr):
        self.t.sendto(data.upper(), addr)
class Client(asyncio.DatagramProtocol):
    def __init__(self, want, done):
        self.got, self.want, self.done = [], want, done
    def datagram_received(self, data, addr):
        self.got.append(data)
        if len(self.got) == self.want:
            self.done.set_result(self.got)
    def error_received(self, exc):
        trace.append(f"error_received {type(exc).__name__}")
    def connection_lost(self, exc):
        trace.append(f"client connection_lost {exc!r}")
async def main():
    loop = asyncio.get_running_loop()
    server, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    port = server.get_extra_info("sockname")[1]
    done = loop.create_future()
    client, _ = await loop.create_datagram_endpoint(lambda: Client(3, done), remote_addr=("127.0.0.1", port))
    trace.append(f"peername is the server: {client.get_extra_info('peername')[1] == port}")
    for msg in [b"one", b"two", b"three"]:
        client.sendto(msg)
    trace.append(f"received {sorted(await done)}")
    try:
        client.sendto(b"x", ("127.0.0.1", 9))
    except ValueError as e:
        trace.append("sendto another address: ValueError")
    server.close()
    await asyncio.sleep(0.1)
    client.sendto(b"to nobody")
    await asyncio.sleep(0.1)
    trace.append(f"still open after the error: {not client.is_closing()}")
    client.close()
    await asyncio.sleep(0)
    trace.append(f"write buffer {client.get_write_buffer_size()}")
    unconnected, _ = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, local_addr=("127.0.0.1", 0))
    unconnected.close()
asyncio.run(main())
print("\n".join(trace))
