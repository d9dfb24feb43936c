namespace Aio.Data.Tests.Contract;

/// <summary>The contract on the embedded default: a SQLite file of its own per test (several connections share it).</summary>
public sealed class SqliteContractTests : DataContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aio-data-").FullName;

    protected override string? Url => Path.Combine(_dir, "test.db");

    protected override string SkipReason => "never skipped";

    protected override DbProvider Provider => DbProvider.Sqlite;

    /// <summary>SQLite has no sleep: a recursive count that runs for minutes, until interrupted.</summary>
    protected override string SleepSql(int seconds) =>
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c";

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
