using Aio.Data;
using Aio.Python;

namespace Aio.Samples.Data;

/// <summary>
/// The guide's asyncpg example against a real PostgreSQL (<c>aio example db-postgres --url postgresql://...</c>):
/// connect, fetch every row of <c>my_table</c>, close. Prints what <c>db_postgres.py</c> (beside this
/// file) prints with asyncpg for the same URL.
/// </summary>
public static class DbPostgres
{
    public static void Run(string url)
    {
        IReadOnlyList<Record> values = Asyncio.Run(FetchData(url));
        Console.WriteLine(PyFormat.Repr(values));
        Console.WriteLine($"{values[0]["name"]} {values[1]["id"]}");
    }

    private static async Coroutine<IReadOnlyList<Record>> FetchData(string url)
    {
        AioConnection conn = await AioDb.ConnectAsync(url);
        await conn.ExecuteAsync("CREATE TABLE IF NOT EXISTS my_table (id INTEGER, name TEXT)");
        await conn.ExecuteAsync("DELETE FROM my_table");
        await conn.ExecuteManyAsync("INSERT INTO my_table VALUES ($1, $2)", [(1, "apple"), (2, "pear")]);
        IReadOnlyList<Record> values = await conn.FetchAsync("SELECT * FROM my_table");
        await conn.ExecuteAsync("DROP TABLE my_table");
        await conn.CloseAsync();
        return values;
    }
}
