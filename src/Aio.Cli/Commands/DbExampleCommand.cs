using Aio.Samples.Data;

namespace Aio.Cli;

/// <summary>
/// <c>aio example db-mysql --url mysql://user:pass@host:port/db</c> and
/// <c>aio example db-postgres --url postgresql://user:pass@host:port/db</c>: the guide's aiomysql and
/// asyncpg examples against a real server (they are not in the tour, which needs no server).
/// </summary>
internal static class DbExampleCommand
{
    /// <summary>The examples that need a database server, by name.</summary>
    public static IReadOnlyDictionary<string, Action<string>> Examples { get; } = new Dictionary<string, Action<string>>(StringComparer.Ordinal)
    {
        ["db-mysql"] = DbMySql.Run,
        ["db-postgres"] = DbPostgres.Run,
    };

    public static int Run(Invocation invocation, Action<string> example)
    {
        if (!invocation.Options.TryGetValue("--url", out string? url))
        {
            invocation.Error.WriteLine($"aio: example '{invocation.Arguments[0]}' runs against a real server: give it --url, for example --url mysql://user:pass@127.0.0.1:3306/db");
            return CommandLine.UsageError;
        }

        example(url);
        return 0;
    }
}
