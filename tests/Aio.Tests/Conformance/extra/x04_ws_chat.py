# Beyond the guide: the chat server again, over WebSockets (aiohttp's web.WebSocketResponse and ws_connect); three clients take turns.
import asyncio
from aiohttp import web, ClientSession, WSMsgType
clients = []
async def chat(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    name = request.query["name"]
    clients.append(ws)
    await ws.send_str(f"welcome {name}, {len(clients)} here")
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            for client in clients:
                await client.send_str(f"{name}: {msg.data}")
    clients.remove(ws)
    return ws
async def main():
    app = web.Application()
    app.router.add_get("/chat", chat)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    async with ClientSession() as session:
        names = ["alice", "bob", "carol"]
        sockets = []
        for name in names:
            ws = await session.ws_connect(f"http://127.0.0.1:{port}/chat?name={name}")
            print((await ws.receive()).data)
            sockets.append(ws)
        for name, ws, line in zip(names, sockets, ["hi", "hello", "hey"]):
            await ws.send_str(line)
            received = await asyncio.gather(*(s.receive() for s in sockets))
            print(f"{name} said {line!r}; {len(received)} clients got: {', '.join(sorted(set(m.data for m in received)))}")
        for name, ws in zip(names, sockets):
            await ws.close()
            print(f"{name} closed with {ws.close_code}")
        await asyncio.sleep(0.1)
    print(f"{len(clients)} clients left")
    await runner.cleanup()
asyncio.run(main())
