using Aio.Data;
using Aio.Python;

namespace Aio.Samples.Guide;

/// <summary>
/// The guide's database examples on the embedded default (SQLite, as aiosqlite runs it): one
/// connection running <c>SELECT 42</c>, then two queries run concurrently with <c>Gather</c>.
/// </summary>
public static class S20Database
{
    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine FetchData(string dbPath)
    {
        await using AioConnection conn = await AioDb.ConnectAsync(dbPath);
        await using AioCursor cur = conn.Cursor();
        await cur.ExecuteAsync("SELECT 42;");
        Console.WriteLine(PyFormat.Repr(await cur.FetchOneAsync()));
    }

    private static async Coroutine<IReadOnlyList<Record>> FetchQuery(string dbPath, string query)
    {
        await using AioConnection conn = await AioDb.ConnectAsync(dbPath);
        await using AioCursor cur = conn.Cursor();
        await cur.ExecuteAsync(query);
        return await cur.FetchAllAsync();
    }

    private static async Coroutine Main()
    {
        string dir = Directory.CreateTempSubdirectory("aio-s20-").FullName;
        string path = Path.Combine(dir, "db.sqlite");
        try
        {
            await using (AioConnection conn = await AioDb.ConnectAsync(path))
            {
                await conn.ExecuteAsync("CREATE TABLE table1 (id INTEGER, name TEXT)");
                await conn.ExecuteAsync("CREATE TABLE table2 (id INTEGER, price REAL)");
                await conn.ExecuteManyAsync("INSERT INTO table1 VALUES (?, ?)", [(1, "apple"), (2, "pear")]);
                await conn.ExecuteManyAsync("INSERT INTO table2 VALUES (?, ?)", [(1, 0.5), (2, 0.75)]);
                await conn.CommitAsync();
            }

            await FetchData(path);
            string[] queries = ["SELECT * FROM table1", "SELECT * FROM table2"];
            IReadOnlyList<Record>[] results = await Asyncio.Gather(queries.Select(q => FetchQuery(path, q)).ToArray());
            foreach (IReadOnlyList<Record> result in results)
            {
                Console.WriteLine(PyFormat.Repr(result));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
