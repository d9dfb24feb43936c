namespace Aio.Data.Tests.Contract;

/// <summary>Where the contract suites find their servers: .ci/setup-data.sh exports these (see the README).</summary>
internal static class Servers
{
    public static string? PostgresUrl => Environment.GetEnvironmentVariable("AIO_TEST_PG_URL") is { Length: > 0 } url ? url : null;

    public static string? MySqlUrl => Environment.GetEnvironmentVariable("AIO_TEST_MYSQL_URL") is { Length: > 0 } url ? url : null;

    public static string? PostgresRestart => Environment.GetEnvironmentVariable("AIO_TEST_PG_RESTART") is { Length: > 0 } command ? command : null;

    public const string NoPostgres = "PostgreSQL suite skipped: AIO_TEST_PG_URL is not set (run `source .ci/setup-data.sh` as root to start a server on loopback)";

    public const string NoMySql = "MariaDB/MySQL suite skipped: AIO_TEST_MYSQL_URL is not set (run `source .ci/setup-data.sh` as root to start a server on loopback)";
}
