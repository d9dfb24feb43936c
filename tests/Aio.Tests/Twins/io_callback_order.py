# I/O readiness callbacks are queued after what is already ready, during the poll, and run in that same iteration.
import asyncio, socket
trace = []
async def main():
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    a.setblocking(False); b.setblocking(False)
    def on_readable():
        trace.append("reader got " + b.recv(100).decode())
        loop.remove_reader(b)
        loop.call_soon(lambda: trace.append("call_soon from reader"))
    loop.add_reader(b, on_readable)
    a.send(b"x")
    loop.call_soon(lambda: trace.append("call_soon 1"))
    await asyncio.sleep(0)
    trace.append("main after sleep(0)")
    await asyncio.sleep(0)
    trace.append("main after second sleep(0)")
    await asyncio.sleep(0)
    trace.append("main after third sleep(0)")
    a.close(); b.close()
asyncio.run(main())
print("\n".join(trace))
