using Aio.Python;

namespace Aio.Data.Tests.Contract;

/// <summary>PostgreSQL's own features: LISTEN/NOTIFY and binary COPY.</summary>
public class PostgresOnlyTests
{
    private static string Url()
    {
        Skip.If(Servers.PostgresUrl is null, Servers.NoPostgres);
        return Servers.PostgresUrl!;
    }

    /// <summary>
    /// As asyncpg, a statement the connection runs again is prepared on the server (Npgsql's
    /// auto-prepare, on from its second use); a one-off statement is not, and the user's own
    /// connection-string setting wins.
    /// </summary>
    [SkippableFact]
    public void RepeatedStatementsArePreparedOnTheServer()
    {
        string url = Url();
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            const string Hot = "SELECT $1::int + 1";
            await using AioConnection c = await AioDb.ConnectAsync(url);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(i + 1L, await c.FetchValAsync<long>(Hot, i));
            }

            Assert.Equal(1L, await c.FetchValAsync<long>("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", Hot));
            Assert.Equal(0L, await c.FetchValAsync<long>("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%pg_prepared_statements%'"));

            await using AioConnection off = await AioDb.ConnectAsync(url + "?Max%20Auto%20Prepare=0");
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(i + 1L, await off.FetchValAsync<long>(Hot, i));
            }

            Assert.Equal(0L, await off.FetchValAsync<long>("SELECT count(*) FROM pg_prepared_statements"));
        }
    }

    [SkippableFact]
    public void ListenAsync_YieldsNotificationsAsTheyArrive()
    {
        string url = Url();
        string channel = $"aio chan {Environment.ProcessId}"; // a space: quoted as an identifier
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            await using AioConnection listener = await AioDb.ConnectAsync(url);
            await using AioConnection sender = await AioDb.ConnectAsync(url);
            var got = new List<string>();
            bool pinged = false;
            async Coroutine Listen()
            {
                await foreach (Notification n in listener.ListenAsync(channel))
                {
                    if (n.Payload == "ping")
                    {
                        pinged = true;
                        continue;
                    }

                    got.Add(n.Payload);
                    if (got.Count == 3)
                    {
                        break;
                    }
                }
            }

            AioTask listening = Asyncio.CreateTask(Listen());

            // Ping until the listener hears one: then its LISTEN is in force, and nothing later is lost.
            for (int i = 0; i < 500 && !pinged; i++)
            {
                await sender.ExecuteAsync("SELECT pg_notify($1, 'ping')", channel);
                await Asyncio.Sleep(0.02);
            }

            foreach (string payload in new[] { "one", "two", "it's three" })
            {
                await sender.ExecuteAsync("SELECT pg_notify($1, $2)", channel, payload);
            }

            await Asyncio.WaitFor(listening, 10);
            Assert.Equal(["one", "two", "it's three"], got);
            Assert.Equal(1L, await listener.FetchValAsync<long>("SELECT 1"));
        }
    }

    [SkippableFact]
    public void ListenAsync_CancelledWhileWaiting_EndsTheWait()
    {
        string url = Url();
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            await using AioConnection listener = await AioDb.ConnectAsync(url);
            async Coroutine Listen()
            {
                await foreach (Notification n in listener.ListenAsync("aio_quiet"))
                {
                    Assert.Fail("no notification was sent");
                }
            }

            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(Listen(), 0.3));
            Assert.False(listener.IsBusyForTests());
        }
    }

    [SkippableFact]
    public void AddListener_CallsBackOnTheLoop()
    {
        string url = Url();
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            await using AioConnection a = await AioDb.ConnectAsync(url);
            await using AioConnection b = await AioDb.ConnectAsync(url);
            int loopThread = Environment.CurrentManagedThreadId;
            var got = new List<(string, int)>();
            void Callback(Notification n) => got.Add((n.Payload, Environment.CurrentManagedThreadId));
            await a.AddListenerAsync("aio_cb", Callback);
            await b.ExecuteAsync("NOTIFY aio_cb, 'hi'");
            for (int i = 0; i < 100 && got.Count == 0; i++)
            {
                await a.FetchValAsync<long>("SELECT 1"); // notifications are read with the next reply
                await Asyncio.Sleep(0.01);
            }

            Assert.Equal([("hi", loopThread)], got);
            await a.RemoveListenerAsync("aio_cb", Callback);
        }
    }

    [SkippableFact]
    public void CopyRecordsToTable_UsesBinaryCopy()
    {
        string url = Url();
        string table = $"aio_copy_{Environment.ProcessId}";
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            await using AioConnection c = await AioDb.ConnectAsync(url);
            await c.ExecuteAsync($"CREATE TABLE {table} (id INTEGER, name TEXT)");
            try
            {
                string status = await c.CopyRecordsToTableAsync(table, Enumerable.Range(0, 1000).Select(i => new object?[] { i, i % 2 == 0 ? "x" : null }), ["id", "name"]);
                Assert.Equal("COPY 1000", status);
                Assert.Equal("(1000, 500)", PyFormat.Repr(await c.FetchRowAsync($"SELECT COUNT(*)::int, COUNT(name)::int FROM {table}")));
            }
            finally
            {
                await c.ExecuteAsync($"DROP TABLE {table}");
            }
        }
    }
}
