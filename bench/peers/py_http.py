"""aiohttp peer for http-compare: GET /plaintext and POST /echo on uvloop (asyncio if uvloop is absent).

Usage: py_http.py PORT [asyncio|uvloop]; prints "ready PORT" when listening.
"""
import asyncio
import sys

from aiohttp import web


async def plaintext(request):
    return web.Response(text="Hello, World!")


async def echo(request):
    body = await request.read()
    return web.Response(text=str(len(body)))


async def main(port):
    app = web.Application()
    app.router.add_get("/plaintext", plaintext)
    app.router.add_post("/echo", echo)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, backlog=1024)
    await site.start()
    print(f"ready {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    port = int(sys.argv[1])
    flavour = sys.argv[2] if len(sys.argv) > 2 else "uvloop"
    if flavour == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(main(port))
