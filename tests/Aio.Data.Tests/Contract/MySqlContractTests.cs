namespace Aio.Data.Tests.Contract;

/// <summary>The contract on a real MariaDB or MySQL (AIO_TEST_MYSQL_URL), through MySqlConnector.</summary>
public sealed class MySqlContractTests : DataContract
{
    protected override string? Url => Servers.MySqlUrl;

    protected override string SkipReason => Servers.NoMySql;

    protected override DbProvider Provider => DbProvider.MySql;

    protected override string SleepSql(int seconds) => $"SELECT SLEEP({seconds})";

    protected override async Coroutine<object> SessionIdAsync(AioConnection c) => await c.FetchValAsync<long>("SELECT CONNECTION_ID()");

    /// <summary>The session's thread is idle (<c>Sleep</c>, no statement): the SLEEP ended, cut by KILL QUERY.</summary>
    protected override async Coroutine CheckCutOnServerAsync(object session, string sql)
    {
        await using AioConnection other = await AioDb.ConnectAsync(Url!);
        Record? row = await other.FetchRowAsync("SELECT COMMAND, INFO FROM information_schema.PROCESSLIST WHERE ID = %s", (long)session);
        Assert.NotNull(row);
        Assert.Equal("Sleep", row["COMMAND"]);
        Assert.Null(row["INFO"]);
    }

    /// <summary>After a cancelled query the server's thread for the session must be sleeping, not executing.</summary>
    protected override async Coroutine CheckSessionIdleAsync(AioConnection c)
    {
        long id = (long)await SessionIdAsync(c);
        await using AioConnection other = await AioDb.ConnectAsync(Url!);
        Record? row = await other.FetchRowAsync("SELECT COMMAND FROM information_schema.PROCESSLIST WHERE ID = %s", id);
        Assert.NotNull(row);
        Assert.Equal("Sleep", row["COMMAND"]);
    }
}
