# sock_connect / sock_accept / sock_sendall / sock_recv on non-blocking sockets, and connect refused.
import asyncio, socket
trace = []
async def main():
    loop = asyncio.get_running_loop()
    listener = socket.socket(); listener.bind(("127.0.0.1", 0)); listener.listen(); listener.setblocking(False)
    client = socket.socket(); client.setblocking(False)
    accept = asyncio.create_task(loop.sock_accept(listener))
    await loop.sock_connect(client, listener.getsockname())
    conn, addr = await accept
    trace.append(f"accepted from client: {addr == client.getsockname()}, conn blocking: {conn.getblocking()}")
    payload = bytes(range(256)) * 4096
    sender = asyncio.create_task(loop.sock_sendall(client, payload))
    got = bytearray()
    while len(got) < len(payload):
        chunk = await loop.sock_recv(conn, 65536)
        got += chunk
    await sender
    trace.append(f"received {len(got)} bytes, intact: {bytes(got) == payload}")
    waiting = asyncio.create_task(loop.sock_recv(conn, 10))
    await asyncio.sleep(1)
    waiting.cancel()
    try:
        await waiting
    except asyncio.CancelledError:
        trace.append("recv cancelled")
    await loop.sock_sendall(client, b"after cancel")
    trace.append(f"next recv: {await loop.sock_recv(conn, 100)}")
    client.close()
    trace.append(f"recv after peer closed: {await loop.sock_recv(conn, 100)}")
    conn.close()
    port = listener.getsockname()[1]
    listener.close()
    refused = socket.socket(); refused.setblocking(False)
    try:
        await loop.sock_connect(refused, ("127.0.0.1", port))
    except ConnectionRefusedError:
        trace.append("connect refused")
    refused.close()
asyncio.run(main())
print("\n".join(trace))
