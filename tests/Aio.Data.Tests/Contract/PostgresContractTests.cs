namespace Aio.Data.Tests.Contract;

/// <summary>The contract on a real PostgreSQL (AIO_TEST_PG_URL), through Npgsql.</summary>
public sealed class PostgresContractTests : DataContract
{
    protected override string? Url => Servers.PostgresUrl;

    protected override string SkipReason => Servers.NoPostgres;

    protected override DbProvider Provider => DbProvider.PostgreSql;

    protected override string SleepSql(int seconds) => $"SELECT pg_sleep({seconds})";

    protected override async Coroutine<object> SessionIdAsync(AioConnection c) => await c.FetchValAsync<int>("SELECT pg_backend_pid()");

    /// <summary>The backend is idle and its last statement is the sleep: the sleep ended, cut by the CancelRequest.</summary>
    protected override async Coroutine CheckCutOnServerAsync(object session, string sql)
    {
        await using AioConnection other = await AioDb.ConnectAsync(Url!);
        Record? row = await other.FetchRowAsync("SELECT state, query FROM pg_stat_activity WHERE pid = $1", (int)session);
        Assert.NotNull(row);
        Assert.Equal("idle", row["state"]);
        Assert.Equal(sql, row["query"]);
    }

    /// <summary>After a cancelled query the backend must be idle (not still running it) in pg_stat_activity.</summary>
    protected override async Coroutine CheckSessionIdleAsync(AioConnection c)
    {
        int pid = (int)await SessionIdAsync(c);
        await using AioConnection other = await AioDb.ConnectAsync(Url!);
        Record? row = await other.FetchRowAsync("SELECT state, query FROM pg_stat_activity WHERE pid = $1", pid);
        Assert.NotNull(row);
        Assert.Equal("idle", row["state"]);
        Assert.Equal("SELECT pg_backend_pid()", row["query"]);
    }
}
