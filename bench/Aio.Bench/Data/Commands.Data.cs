using Aio.Bench.Compare;
using Aio.Bench.Data;

namespace Aio.Bench;

internal static partial class Commands
{
    static partial void RegisterData(IDictionary<string, (string Help, Func<string[], int> Run)> commands)
    {
        commands["db"] = ("--url URL [--workers 64] [--pool 10] [--seconds 5]: SELECT $1::int + 1 through an Aio.Data pool", DbWorkload.Run);
        commands["db-compare"] = ("[--pg URL] [--mysql URL] [--rounds 3] [--seconds 5] [--inline-completions]: the db workload on asyncpg (plain, uvloop), Npgsql, aiomysql, MySqlConnector and Aio", DbCompare);
    }

    /// <summary>
    /// PostgreSQL: asyncpg on asyncio and on uvloop, plain Npgsql (its own pool, async/await on the
    /// thread pool) and Aio; MariaDB: aiomysql on both loops, plain MySqlConnector and Aio. URLs default
    /// to AIO_TEST_PG_URL / AIO_TEST_MYSQL_URL (.ci/setup-data.sh).
    /// </summary>
    private static int DbCompare(string[] args)
    {
        string? pg = Environment.GetEnvironmentVariable("AIO_TEST_PG_URL");
        string? mysql = Environment.GetEnvironmentVariable("AIO_TEST_MYSQL_URL");
        int rounds = 3;
        string seconds = "5";
        bool inline = false;
        for (int i = 0; i < args.Length; i += 2)
        {
            if (args[i] == "--inline-completions")
            {
                inline = true;
                i--;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                Console.Error.WriteLine("usage: Aio.Bench db-compare [--pg URL] [--mysql URL] [--rounds 3] [--seconds 5] [--inline-completions]");
                return 2;
            }

            switch (args[i])
            {
                case "--pg": pg = args[i + 1]; break;
                case "--mysql": mysql = args[i + 1]; break;
                case "--rounds": rounds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = args[i + 1]; break;
                default:
                    Console.Error.WriteLine("usage: Aio.Bench db-compare [--pg URL] [--mysql URL] [--rounds 3] [--seconds 5] [--inline-completions]");
                    return 2;
            }
        }

        if (pg is null && mysql is null)
        {
            Console.Error.WriteLine("db-compare: no server: give --pg and/or --mysql (or source .ci/setup-data.sh)");
            return 2;
        }

        // The split of CPU by thread kind, the switches and the allocation are .NET-side diagnostics
        // (ClientCost): where a query's client cost goes, not a comparison (the Python peers print only
        // the switches).
        string[] figures = ["queries_per_s", "cpu_us_per_query", .. ClientCost.Kinds.Select(k => "cpu_us_per_query_" + k), "ctx_switches_per_query", "alloc_bytes_per_query"];
        var lower = new HashSet<string>(figures.Skip(1), StringComparer.Ordinal);
        // --inline-completions runs both .NET processes with the sockets engine completing reads on its
        // own epoll thread instead of queueing them to the thread pool (see docs/design/data-pool.md).
        Dictionary<string, string> environment = new(Comparison.SteadyJit);
        if (inline)
        {
            environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        }

        string suffix = inline ? "-inline" : string.Empty;
        Peer dotnet = Comparison.DotnetPeer("dotnet_db", "-") with { Environment = environment };
        string script = Path.Combine(Repository.Root, "bench", "peers", "py_db.py");
        foreach ((string? url, string name, string python) in new[] { (pg, "postgres", "asyncpg"), (mysql, "mariadb", "aiomysql") })
        {
            if (url is null)
            {
                continue;
            }

            string[] workload = new DbOptions(url, 64, 10, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)).Arguments;
            var peers = new List<Peer>
            {
                new(python, "/usr/bin/python3", [script, "asyncio", .. workload]),
                new(python + "-uvloop", "/usr/bin/python3", [script, "uvloop", .. workload]),
                dotnet with { Name = name == "postgres" ? "npgsql" : "mysqlconnector", Arguments = [dotnet.Arguments[0], .. workload] },
                Comparison.Self("db", "-") with { Arguments = [Path.Combine(AppContext.BaseDirectory, "Aio.Bench.dll"), "db", .. workload], Environment = environment },
            };
            string how = inline ? ", .NET with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1" : string.Empty;
            Comparison.Run($"db ({name}): SELECT $1::int + 1, 64 workers, pool of 10{how}", $"db-compare-{name}{suffix}.md", peers, figures, lower, rounds);
        }

        return 0;
    }
}
