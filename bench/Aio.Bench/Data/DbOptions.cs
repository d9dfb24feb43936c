using System.Globalization;

namespace Aio.Bench.Data;

/// <summary>The db workload's knobs, shared by Aio and every peer: <c>--url URL [--workers 64] [--pool 10] [--seconds 5]</c>.</summary>
internal sealed record DbOptions(string Url, int Workers, int Pool, double Seconds)
{
    public static DbOptions? Parse(string[] args, string? defaultUrl = null)
    {
        string? url = defaultUrl;
        int workers = 64, pool = 10;
        double seconds = 5;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--url": url = args[i + 1]; break;
                case "--workers": workers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--pool": pool = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: return null;
            }
        }

        return url is null ? null : new DbOptions(url, workers, pool, seconds);
    }

    /// <summary>The query: asyncpg's <c>SELECT $1::int + 1</c>, in the provider's placeholder style.</summary>
    public string Query => Url.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? "SELECT $1::int + 1" : "SELECT %s + 1";

    public string[] Arguments => ["--url", Url, "--workers", Workers.ToString(CultureInfo.InvariantCulture), "--pool", Pool.ToString(CultureInfo.InvariantCulture), "--seconds", Seconds.ToString(CultureInfo.InvariantCulture)];
}
