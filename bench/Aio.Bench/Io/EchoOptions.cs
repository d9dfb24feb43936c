using System.Globalization;

namespace Aio.Bench.Io;

/// <summary>The workload of <c>echo-compare</c>; the defaults are DESIGN.md's: 50 connections, 1 KiB.</summary>
internal sealed class EchoOptions
{
    public int Connections { get; private set; } = 50;

    public int Size { get; private set; } = 1024;

    public double Seconds { get; private set; } = 5;

    public int Rounds { get; private set; } = 3;

    public HashSet<string>? Only { get; private set; }

    public string? Out { get; private set; }

    public string[] Args { get; private set; } = [];

    public static EchoOptions? Parse(string[] args)
    {
        var o = new EchoOptions { Args = args };
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--conns" when Next() is { } v:
                    o.Connections = int.Parse(v, CultureInfo.InvariantCulture);
                    break;
                case "--size" when Next() is { } v:
                    o.Size = int.Parse(v, CultureInfo.InvariantCulture);
                    break;
                case "--seconds" when Next() is { } v:
                    o.Seconds = double.Parse(v, CultureInfo.InvariantCulture);
                    break;
                case "--rounds" when Next() is { } v:
                    o.Rounds = int.Parse(v, CultureInfo.InvariantCulture);
                    break;
                case "--only" when Next() is { } v:
                    o.Only = v.Split(',').ToHashSet(StringComparer.Ordinal);
                    break;
                case "--out" when Next() is { } v:
                    o.Out = v;
                    break;
                default:
                    return null;
            }
        }

        return o;
    }
}
