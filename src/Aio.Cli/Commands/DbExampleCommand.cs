using Aio.Samples.Data;

namespace Aio.Cli.Commands;

/// <summary>
/// <c>aio example db-mysql --url mysql://user:pass@host:port/db</c> and
/// <c>aio example db-postgres --url postgresql://user:pass@host:port/db</c>: the guide's aiomysql and
/// asyncpg examples against a real server.
/// </summary>
internal static class DbExampleCommand
{
    public static int Run(string[] args)
    {
        string? url = null;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--url" && i + 1 < args.Length)
            {
                url = args[++i];
            }
        }

        Action<string>? example = args.FirstOrDefault() switch
        {
            "db-mysql" => DbMySql.Run,
            "db-postgres" => DbPostgres.Run,
            _ => null,
        };
        if (example is null || url is null)
        {
            Console.Error.WriteLine("usage: aio example db-mysql --url mysql://user:pass@host:port/db | aio example db-postgres --url postgresql://user:pass@host:port/db");
            return 2;
        }

        example(url);
        return 0;
    }
}
