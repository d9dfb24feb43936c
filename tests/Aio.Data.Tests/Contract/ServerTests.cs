using System.Diagnostics;

namespace Aio.Data.Tests.Contract;

/// <summary>What only a real server can show: a killed session and a restarted server are survived by the pool.</summary>
public class ServerTests
{
    public static TheoryData<string> Servers_ => new() { "postgresql", "mysql" };

    internal static string UrlOf(string server)
    {
        string? url = server == "postgresql" ? Servers.PostgresUrl : Servers.MySqlUrl;
        Skip.If(url is null, server == "postgresql" ? Servers.NoPostgres : Servers.NoMySql);
        return url!;
    }

    [SkippableTheory]
    [MemberData(nameof(Servers_))]
    public void Pool_ReplacesAConnectionWhoseSessionWasKilled(string server)
    {
        string url = UrlOf(server);
        string idSql = server == "postgresql" ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()";
        string killSql = server == "postgresql" ? "SELECT pg_terminate_backend($1::int)" : "KILL %s";
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            await using AioPool pool = await AioDb.CreatePoolAsync(url, 1, 1);
            long victim = await pool.FetchValAsync<long>(idSql);
            await using (AioConnection admin = await AioDb.ConnectAsync(url))
            {
                await admin.ExecuteAsync(killSql, victim);
            }

            await Asyncio.Sleep(0.1);
            await using (AioConnection c = await pool.AcquireAsync())
            {
                await Assert.ThrowsAnyAsync<Exception>(async () => await c.FetchValAsync<long>("SELECT 1"));
                Assert.True(c.IsClosed);
            }

            long replacement = await pool.FetchValAsync<long>(idSql);
            Assert.NotEqual(victim, replacement);
            Assert.Equal(1, pool.Size);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Servers_))]
    public void Autocommit_Off_BeginsATransactionThatCommitEnds(string server)
    {
        string url = UrlOf(server);
        string p = server == "postgresql" ? "$1" : "%s";
        string table = $"aio_ac_{server}_{Environment.ProcessId}";
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            await using AioConnection c = await AioDb.ConnectAsync(url);
            await using AioConnection other = await AioDb.ConnectAsync(url);
            await c.ExecuteAsync($"CREATE TABLE {table} (id INTEGER)");
            try
            {
                c.Autocommit = false;
                await using (AioCursor cur = c.Cursor())
                {
                    await cur.ExecuteAsync($"INSERT INTO {table} VALUES ({p})", 1);
                }

                Assert.True(c.InTransaction);
                Assert.Equal(0L, await other.FetchValAsync<long>($"SELECT COUNT(*) FROM {table}"));
                await c.CommitAsync();
                Assert.False(c.InTransaction);
                Assert.Equal(1L, await other.FetchValAsync<long>($"SELECT COUNT(*) FROM {table}"));
                await c.ExecuteAsync($"INSERT INTO {table} VALUES ({p})", 2);
                await c.RollbackAsync();
                Assert.Equal(1L, await other.FetchValAsync<long>($"SELECT COUNT(*) FROM {table}"));
                c.Autocommit = true;
            }
            finally
            {
                await other.ExecuteAsync($"DROP TABLE {table}");
            }
        }
    }
}

/// <summary>Restarting the server would break every other test using it: this collection runs alone, after the parallel ones.</summary>
[CollectionDefinition("restarts the server", DisableParallelization = true)]
public sealed class ServerRestartCollection
{
}

[Collection("restarts the server")]
public class ServerRestartTests
{
    private static string UrlOf(string server) => ServerTests.UrlOf(server);

    [SkippableFact]
    public void Pool_SurvivesAPostgresRestart()
    {
        string url = UrlOf("postgresql");
        string? restart = Servers.PostgresRestart;
        Skip.If(restart is null, "AIO_TEST_PG_RESTART (a command that restarts the test server) is not set: .ci/setup-data.sh sets it");
        Asyncio.Run(Body());

        async Coroutine Body()
        {
            await using AioPool pool = await AioDb.CreatePoolAsync(url, 3, 3);
            Assert.Equal(1L, await pool.FetchValAsync<long>("SELECT 1"));
            await Asyncio.ToThread(() =>
            {
                using Process p = Process.Start("/bin/sh", ["-c", restart!]);
                p.WaitForExit();
                Assert.Equal(0, p.ExitCode);
                return 0;
            });

            // Each idle connection fails once (its session died with the server) and is replaced.
            int failures = 0;
            for (int i = 0; i < 20; i++)
            {
                try
                {
                    Assert.Equal(2L, await pool.FetchValAsync<long>("SELECT 2"));
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InterfaceError or IOException)
                {
                    failures++;
                }
            }

            Assert.True(failures <= 3, $"{failures} queries failed after the restart; at most one per pooled connection may");
            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(3L, await pool.FetchValAsync<long>("SELECT 3"));
            }

            Assert.True(pool.Size <= 3);
        }
    }
}
