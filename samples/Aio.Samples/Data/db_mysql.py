# The guide's aiomysql examples against a real server: SELECT 42 on one connection, then the pool
# running two queries concurrently with gather.
import asyncio, sys, urllib.parse
import aiomysql
u = urllib.parse.urlparse(sys.argv[1])
kw = dict(host=u.hostname, port=u.port or 3306, user=u.username, password=u.password or "", db=u.path.lstrip("/"))
async def fetch_data():
    conn = await aiomysql.connect(**kw)
    async with conn.cursor() as cur:
        await cur.execute("SELECT 42;")
        result = await cur.fetchone()
        print(result)
    conn.close()
async def fetch_query(pool, query):
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute(query)
            result = await cur.fetchall()
            return result
async def main():
    await fetch_data()
    pool = await aiomysql.create_pool(autocommit=True, **kw)
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute("CREATE TABLE IF NOT EXISTS table1 (id INTEGER, name TEXT)")
            await cur.execute("CREATE TABLE IF NOT EXISTS table2 (id INTEGER, price DOUBLE)")
            await cur.execute("DELETE FROM table1"); await cur.execute("DELETE FROM table2")
            await cur.executemany("INSERT INTO table1 VALUES (%s, %s)", [(1, "apple"), (2, "pear")])
            await cur.executemany("INSERT INTO table2 VALUES (%s, %s)", [(1, 0.5), (2, 0.75)])
    queries = ["SELECT * FROM table1", "SELECT * FROM table2"]
    tasks = [fetch_query(pool, query) for query in queries]
    results = await asyncio.gather(*tasks)
    for result in results:
        print(result)
    async with pool.acquire() as conn:
        async with conn.cursor() as cur:
            await cur.execute("DROP TABLE table1"); await cur.execute("DROP TABLE table2")
    pool.close()
    await pool.wait_closed()
asyncio.run(main())
