# The db workload on CPython: WORKERS tasks share a pool of POOL connections and run
# SELECT $1::int + 1 (asyncpg) or SELECT %s + 1 (aiomysql) back to back for SECONDS.
#   python3 py_db.py asyncio|uvloop --url URL [--workers 64] [--pool 10] [--seconds 5]
import asyncio, sys, time, resource, urllib.parse

def options(argv):
    o = {"--workers": "64", "--pool": "10", "--seconds": "5"}
    for i in range(0, len(argv) - 1, 2):
        o[argv[i]] = argv[i + 1]
    return o["--url"], int(o["--workers"]), int(o["--pool"]), float(o["--seconds"])

async def main(url, workers, size, seconds):
    if url.startswith("postgres"):
        import asyncpg
        pool = await asyncpg.create_pool(url, min_size=size, max_size=size)
        async def one(conn, i):
            return await conn.fetchval("SELECT $1::int + 1", i)
    else:
        import aiomysql
        u = urllib.parse.urlparse(url)
        pool = await aiomysql.create_pool(host=u.hostname, port=u.port or 3306, user=u.username,
                                          password=u.password or "", db=u.path.lstrip("/"),
                                          minsize=size, maxsize=size, autocommit=True)
        async def one(conn, i):
            async with conn.cursor() as cur:
                await cur.execute("SELECT %s + 1", (i,))
                return (await cur.fetchone())[0]
    state = {"measuring": False, "stop": False, "queries": 0}
    async def worker(i):
        while not state["stop"]:
            async with pool.acquire() as conn:
                if await one(conn, i) != i + 1:
                    raise RuntimeError("wrong answer")
            if state["measuring"]:
                state["queries"] += 1
    tasks = [asyncio.create_task(worker(i)) for i in range(workers)]
    await asyncio.sleep(min(1.0, seconds / 5))
    r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
    state["measuring"] = True
    await asyncio.sleep(seconds)
    state["measuring"] = False
    elapsed = time.perf_counter() - t0; r1 = resource.getrusage(resource.RUSAGE_SELF)
    queries = state["queries"]
    state["stop"] = True
    await asyncio.gather(*tasks)
    closing = pool.close()  # asyncpg: a coroutine; aiomysql: close() then wait_closed()
    if asyncio.iscoroutine(closing):
        await closing
    else:
        await pool.wait_closed()
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print(f"queries_per_s {queries / elapsed:.0f}")
    print(f"cpu_us_per_query {cpu * 1e6 / queries:.1f}")
    switches = (r1.ru_nvcsw - r0.ru_nvcsw) + (r1.ru_nivcsw - r0.ru_nivcsw)
    print(f"ctx_switches_per_query {switches / queries:.2f}")

if __name__ == "__main__":
    if sys.argv[1] == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(main(*options(sys.argv[2:])))
