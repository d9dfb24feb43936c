# What asyncio's stream transports do at the edges of their lifecycle: a socket transport and a pair of
# pipe transports, each closed with data still buffered, aborted with data buffered, written after the
# end, paused twice, and asked for extra info.
import asyncio
import os
import socket


class Recorder(asyncio.Protocol):
    def __init__(self, name):
        self.name = name
        self.lost = asyncio.get_running_loop().create_future()
        self.received = 0
        self.lost_calls = 0

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.received += len(data)

    def eof_received(self):
        return False

    def pause_writing(self):
        print(f"{self.name}: pause_writing size>high={self.transport.get_write_buffer_size() > self.transport.get_write_buffer_limits()[1]}")

    def resume_writing(self):
        print(f"{self.name}: resume_writing size<=low={self.transport.get_write_buffer_size() <= self.transport.get_write_buffer_limits()[0]}")

    def connection_lost(self, exc):
        self.lost_calls += 1
        print(f"{self.name}: connection_lost({exc!r}) calls={self.lost_calls}")
        if not self.lost.done():
            self.lost.set_result(exc)


BIG = 4 * 1024 * 1024


async def socket_pair(name):
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    peer = Recorder(name + " peer")
    me = Recorder(name)
    pt, _ = await loop.create_connection(lambda: peer, sock=b)
    t, _ = await loop.create_connection(lambda: me, sock=a)
    return t, me, pt, peer


async def pipe_pair(name):
    loop = asyncio.get_running_loop()
    r, w = os.pipe()
    peer = Recorder(name + " peer")
    me = Recorder(name)
    pt, _ = await loop.connect_read_pipe(lambda: peer, os.fdopen(r, "rb", 0))
    t, _ = await loop.connect_write_pipe(lambda: me, os.fdopen(w, "wb", 0))
    return t, me, pt, peer


async def close_flushes(kind, opener):
    t, me, pt, peer = await opener(kind + " close")
    pt.pause_reading()
    t.write(b"x" * BIG)
    print(f"{kind} close: buffered={t.get_write_buffer_size() > 0} closing={t.is_closing()}")
    t.close()
    t.close()
    print(f"{kind} close: closing={t.is_closing()}")
    t.write(b"after close")
    pt.resume_reading()
    await me.lost
    await peer.lost
    print(f"{kind} close: peer received {peer.received - BIG} bytes more than written before close")


async def abort_drops(kind, opener):
    t, me, pt, peer = await opener(kind + " abort")
    pt.pause_reading()
    t.write(b"x" * BIG)
    t.abort()
    print(f"{kind} abort: closing={t.is_closing()} buffer={t.get_write_buffer_size()}")
    t.write(b"after abort")
    t.close()
    await me.lost
    pt.resume_reading()
    await peer.lost
    print(f"{kind} abort: peer received all={peer.received == BIG}")


async def limits(kind, opener):
    t, me, pt, peer = await opener(kind + " limits")
    t.set_write_buffer_limits(high=1000)
    print(f"{kind} limits: {t.get_write_buffer_limits()}")
    t.set_write_buffer_limits(low=100)
    print(f"{kind} limits: {t.get_write_buffer_limits()}")
    try:
        t.set_write_buffer_limits(high=1, low=2)
    except ValueError as e:
        print(f"{kind} limits: ValueError {e}")
    t.set_write_buffer_limits(high=64 * 1024)
    pt.pause_reading()
    t.write(b"x" * BIG)
    pt.resume_reading()
    while t.get_write_buffer_size() > 0:
        await asyncio.sleep(0.001)
    t.close()
    await me.lost
    await peer.lost


def is_reading(t):
    try:
        return t.is_reading()
    except NotImplementedError:  # 3.11's read pipe transport has no is_reading
        return "n/a"


async def reading(kind, opener):
    t, me, pt, peer = await opener(kind + " reading")
    print(f"{kind} reading: {is_reading(pt)}")
    pt.pause_reading()
    pt.pause_reading()
    print(f"{kind} reading after two pauses: {is_reading(pt)}")
    pt.resume_reading()
    pt.resume_reading()
    print(f"{kind} reading after two resumes: {is_reading(pt)}")
    pt.close()
    print(f"{kind} reading after close: {is_reading(pt)}")
    pt.pause_reading()
    pt.resume_reading()
    print(f"{kind} reading after close, pause, resume: {is_reading(pt)}")
    await peer.lost
    t.close()
    await me.lost


async def main():
    for kind, opener in (("socket", socket_pair), ("pipe", pipe_pair)):
        await close_flushes(kind, opener)
        await abort_drops(kind, opener)
        await limits(kind, opener)
        await reading(kind, opener)
    t, me, pt, peer = await socket_pair("extra")
    print("socket extra:", sorted(k for k in ("socket", "sockname", "peername", "pipe") if t.get_extra_info(k) is not None), t.get_extra_info("nope", "default"))
    t.close()
    pt.close()
    await me.lost
    await peer.lost
    t, me, pt, peer = await pipe_pair("extra")
    print("pipe extra:", sorted(k for k in ("socket", "sockname", "peername", "pipe") if t.get_extra_info(k) is not None), t.get_extra_info("nope", "default"))
    t.close()
    await me.lost
    await peer.lost


asyncio.run(main())
