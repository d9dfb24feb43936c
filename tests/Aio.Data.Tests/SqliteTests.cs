using Aio.Python;

namespace Aio.Data.Tests;

/// <summary>The embedded default on its own: in memory, on the virtual clock, and its worker thread.</summary>
public class SqliteTests
{
    [Fact]
    public void InMemory_OnVirtualTime_RunsQueriesBetweenSleeps()
    {
        string printed = VirtualTime.Run(Main());

        static async Coroutine<string> Main()
        {
            await using AioConnection conn = await AioDb.ConnectAsync(":memory:");
            await conn.ExecuteAsync("CREATE TABLE t (id INTEGER, price REAL)");
            await Asyncio.Sleep(10);
            await conn.ExecuteManyAsync("INSERT INTO t VALUES (?, ?)", [(1, 0.5), (2, 0.75)]);
            await Asyncio.Sleep(10);
            return PyFormat.Repr(await conn.FetchAsync("SELECT * FROM t"));
        }

        Assert.Equal("[(1, 0.5), (2, 0.75)]", printed);
    }

    [Fact]
    public void QueriesRunOffTheLoopThread()
    {
        int loopThread = 0, queryThread = 0;
        Asyncio.Run(Main());

        async Coroutine Main()
        {
            loopThread = Environment.CurrentManagedThreadId;
            await using AioConnection conn = await AioDb.ConnectAsync(":memory:");
            conn.Db.StateChange += (_, _) => { };
            queryThread = await conn.RunAsync((_, _) => Task.FromResult(Environment.CurrentManagedThreadId));
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
        }

        Assert.NotEqual(loopThread, queryThread);
    }

    [Fact]
    public void ClosedConnection_IsAnInterfaceError()
    {
        Asyncio.Run(Main());

        static async Coroutine Main()
        {
            AioConnection conn = await AioDb.ConnectAsync(":memory:");
            await conn.CloseAsync();
            Assert.True(conn.IsClosed);
            InterfaceError e = await Assert.ThrowsAsync<InterfaceError>(async () => await conn.FetchAsync("SELECT 1"));
            Assert.Contains("closed", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReadOnlyTransaction_IsRefusedClearly()
    {
        Asyncio.Run(Main());

        static async Coroutine Main()
        {
            await using AioConnection conn = await AioDb.ConnectAsync(":memory:");
            await Assert.ThrowsAsync<NotSupportedException>(async () => await conn.TransactionAsync(readOnly: true));
            Assert.False(conn.InTransaction);
            Assert.Equal(1L, await conn.FetchValAsync<long>("SELECT 1"));
        }
    }
}
