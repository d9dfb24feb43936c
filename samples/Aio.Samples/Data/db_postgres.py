# The guide's asyncpg example against a real server: connect, fetch every row of my_table, close.
import asyncio, sys
import asyncpg
async def fetch_data():
    conn = await asyncpg.connect(sys.argv[1])
    await conn.execute("CREATE TABLE IF NOT EXISTS my_table (id INTEGER, name TEXT)")
    await conn.execute("DELETE FROM my_table")
    await conn.executemany("INSERT INTO my_table VALUES ($1, $2)", [(1, "apple"), (2, "pear")])
    values = await conn.fetch('SELECT * FROM my_table')
    await conn.execute("DROP TABLE my_table")
    await conn.close()
    return values
values = asyncio.run(fetch_data())
print([tuple(v) for v in values])
print(values[0]["name"], values[1]["id"])
