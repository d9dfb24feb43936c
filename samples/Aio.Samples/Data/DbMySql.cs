using System.Runtime.CompilerServices;
using Aio.Data;
using Aio.Python;

namespace Aio.Samples.Data;

/// <summary>
/// The guide's aiomysql examples against a real MySQL or MariaDB (<c>aio example db-mysql --url mysql://...</c>):
/// <c>SELECT 42</c> on one connection, then a pool running two queries concurrently with <c>Gather</c>.
/// Prints what <c>db_mysql.py</c> (beside this file) prints with aiomysql for the same URL.
/// </summary>
public static class DbMySql
{
    public static void Run(string url) => Asyncio.Run(Main(url));

    private static async Coroutine FetchData(string url)
    {
        await using AioConnection conn = await AioDb.ConnectAsync(url);
        await using AioCursor cur = conn.Cursor();
        await cur.ExecuteAsync("SELECT 42;");
        Record? result = await cur.FetchOneAsync();
        Console.WriteLine(PyFormat.Repr(result));
    }

    private static async Coroutine<IReadOnlyList<Record>> FetchQuery(AioPool pool, string query)
    {
        await using AioConnection conn = await pool.AcquireAsync();
        await using AioCursor cur = conn.Cursor();
        await cur.ExecuteAsync(query);
        return await cur.FetchAllAsync();
    }

    private static async Coroutine Main(string url)
    {
        await FetchData(url);
        AioPool pool = await AioDb.CreatePoolAsync(url, minSize: 1, maxSize: 10);
        await using (AioConnection conn = await pool.AcquireAsync())
        {
            await conn.ExecuteAsync("CREATE TABLE IF NOT EXISTS table1 (id INTEGER, name TEXT)");
            await conn.ExecuteAsync("CREATE TABLE IF NOT EXISTS table2 (id INTEGER, price DOUBLE)");
            await conn.ExecuteAsync("DELETE FROM table1");
            await conn.ExecuteAsync("DELETE FROM table2");
            await conn.ExecuteManyAsync("INSERT INTO table1 VALUES (%s, %s)", [(1, "apple"), (2, "pear")]);
            await conn.ExecuteManyAsync("INSERT INTO table2 VALUES (%s, %s)", [(1, 0.5), (2, 0.75)]);
        }

        string[] queries = ["SELECT * FROM table1", "SELECT * FROM table2"];
        IReadOnlyList<Record>[] results = await Asyncio.Gather(queries.Select(q => FetchQuery(pool, q)).ToArray());
        foreach (IReadOnlyList<Record> result in results)
        {
            // aiomysql's fetchall() returns a tuple of rows; print it as one.
            Console.WriteLine(PyFormat.Repr(new RowTuple(result)));
        }

        await using (AioConnection conn = await pool.AcquireAsync())
        {
            await conn.ExecuteAsync("DROP TABLE table1");
            await conn.ExecuteAsync("DROP TABLE table2");
        }

        await pool.CloseAsync(); // pool.close(); await pool.wait_closed()
    }

    /// <summary>Rows shown as a Python tuple, as aiomysql returns them.</summary>
    private sealed class RowTuple(IReadOnlyList<Record> rows) : ITuple
    {
        public int Length => rows.Count;

        public object? this[int index] => rows[index];
    }
}
