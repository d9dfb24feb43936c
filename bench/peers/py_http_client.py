# aiohttp's client for http-client-compare: REQUESTS keep-alive GETs of URL at CONCURRENCY.
# usage: py_http_client.py asyncio|uvloop URL REQUESTS CONCURRENCY ; prints "name value" lines.
import asyncio
import sys
import time

import aiohttp


async def drive(url, requests, concurrency):
    left = requests
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def worker():
            nonlocal left
            while left > 0:
                left -= 1
                async with session.get(url) as r:
                    await r.read()
        await asyncio.gather(*(worker() for _ in range(concurrency)))


def main():
    kind, url, requests, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if kind == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(drive(url, min(2000, requests // 5), concurrency))
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    asyncio.run(drive(url, requests, concurrency))
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(f"requests_per_s {requests / seconds:.0f}")
    print(f"client_cpu_us_per_request {cpu * 1e6 / requests:.1f}")


main()
