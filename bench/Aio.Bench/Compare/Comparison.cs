using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Aio.Bench.Compare;

/// <summary>
/// Runs Aio and its peers in one run, one fresh process per peer per round, interleaved round by
/// round so that machine noise spreads evenly; reports medians and Aio's ratio to each peer, and
/// writes the table to <c>bench/results/</c>.
/// </summary>
internal static class Comparison
{
    public static int Run(string title, string resultFile, IReadOnlyList<Peer> peers, IReadOnlyList<string> figures, ISet<string> lowerIsBetter, int rounds)
    {
        string table = Measure(title, peers, figures, lowerIsBetter, rounds);
        Console.WriteLine(table);
        Write(resultFile, table);
        return 0;
    }

    /// <summary>Writes <paramref name="text"/> to <c>bench/results/</c><paramref name="resultFile"/>.</summary>
    public static void Write(string resultFile, string text)
    {
        string path = Path.Combine(Repository.Root, "bench", "results", resultFile);
        File.WriteAllText(path, text);
        Console.WriteLine($"written to {Path.GetRelativePath(Repository.Root, path)}");
    }

    /// <summary>Runs the rounds and returns the table (Aio is the last peer).</summary>
    public static string Measure(string title, IReadOnlyList<Peer> peers, IReadOnlyList<string> figures, ISet<string> lowerIsBetter, int rounds)
    {
        var samples = peers.ToDictionary(p => p.Name, _ => new Dictionary<string, List<double>>(StringComparer.Ordinal));
        for (int round = 1; round <= rounds; round++)
        {
            foreach (Peer peer in peers)
            {
                Console.Error.WriteLine($"[{title}] round {round}/{rounds}: {peer.Name}");
                foreach ((string name, double value) in peer.RunOnce(TimeSpan.FromMinutes(10)))
                {
                    if (!samples[peer.Name].TryGetValue(name, out List<double>? list))
                    {
                        samples[peer.Name][name] = list = new List<double>();
                    }

                    list.Add(value);
                }
            }
        }

        return Format(title, peers, figures, lowerIsBetter, samples, rounds);
    }

    private static string Format(
        string title,
        IReadOnlyList<Peer> peers,
        IReadOnlyList<string> figures,
        ISet<string> lowerIsBetter,
        Dictionary<string, Dictionary<string, List<double>>> samples,
        int rounds)
    {
        Peer aio = peers[^1];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}; median of {rounds} rounds, one fresh process per peer per round.");
        text.AppendLine();
        text.Append("| figure |");
        foreach (Peer p in peers)
        {
            text.Append(CultureInfo.InvariantCulture, $" {p.Name} |");
        }

        foreach (Peer p in peers.Take(peers.Count - 1))
        {
            text.Append(CultureInfo.InvariantCulture, $" {aio.Name}/{p.Name} |");
        }

        text.AppendLine();
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", (2 * peers.Count))));
        foreach (string figure in figures)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {figure}{(lowerIsBetter.Contains(figure) ? " (lower is better)" : string.Empty)} |");
            double? mine = Median(samples[aio.Name], figure);
            foreach (Peer p in peers)
            {
                double? value = Median(samples[p.Name], figure);
                text.Append(CultureInfo.InvariantCulture, $" {(value is double v ? Number(v) : "-")} |");
            }

            foreach (Peer p in peers.Take(peers.Count - 1))
            {
                double? theirs = Median(samples[p.Name], figure);
                text.Append(mine is double m && theirs is double t && t != 0 ? string.Create(CultureInfo.InvariantCulture, $" {m / t:0.00}x |") : " - |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static double? Median(Dictionary<string, List<double>> figures, string name)
    {
        if (!figures.TryGetValue(name, out List<double>? values) || values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return values[values.Count / 2];
    }

    private static string Number(double v) =>
        Math.Abs(v) >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Peers from CPython: asyncio always, uvloop when it is installed.</summary>
    public static IEnumerable<Peer> PythonPeers(string script, string scale)
    {
        const string Python = "/usr/bin/python3";
        string path = Path.Combine(Repository.Root, "bench", "peers", script);
        yield return new Peer("asyncio", Python, [path, "asyncio", scale]);
        if (Succeeds(Python, "-c", "import uvloop"))
        {
            yield return new Peer("uvloop", Python, [path, "uvloop", scale]);
        }
        else
        {
            Console.Error.WriteLine("uvloop is not installed (apt-get install python3-uvloop): its column is left out");
        }
    }

    /// <summary>A plain .NET peer from <c>bench/peers/NAME</c>, built in Release first.</summary>
    public static Peer DotnetPeer(string name, string scale)
    {
        string project = Path.Combine(Repository.Root, "bench", "peers", name);
        string output = Path.Combine(Path.GetTempPath(), "aio-bench-peers", name);
        if (!Succeeds("dotnet", "build", project, "-c", "Release", "-o", output, "-nologo", "-v", "q"))
        {
            throw new InvalidOperationException($"building {project} failed");
        }

        return new Peer("dotnet", "dotnet", [Path.Combine(output, name + ".dll"), scale], SteadyJit);
    }

    /// <summary>
    /// Both .NET processes start call counting at once instead of after the JIT's 100 ms quiet
    /// period, so their optimised code is what gets measured (a workload here runs for tens of
    /// milliseconds, less than the tiering delay keeps restarting). It changes when tier-1 code
    /// arrives, not what it is.
    /// </summary>
    internal static readonly Dictionary<string, string> SteadyJit = new() { ["DOTNET_TC_CallCountingDelayMs"] = "0" };

    /// <summary>
    /// <see cref="SteadyJit"/> with background (concurrent) GC off, as <c>tasks-compare</c> runs both .NET
    /// processes: the workstation GC with background GC keeps the youngest generation small, so a
    /// workload holding 200k live tasks runs several gen0 collections that each copy them all
    /// (<c>docs/design/tasks.md</c>, "GC mode"). It is the runtime setting
    /// <c>System.GC.Concurrent=false</c> (<c>&lt;ConcurrentGarbageCollection&gt;false&lt;/ConcurrentGarbageCollection&gt;</c>).
    /// </summary>
    internal static readonly Dictionary<string, string> NonConcurrentGc = new(SteadyJit) { ["DOTNET_gcConcurrent"] = "0" };

    /// <summary>This benchmark program itself, running one of its commands in a fresh process.</summary>
    public static Peer Self(string command, string scale)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Aio.Bench.dll");
        return new Peer("aio", "dotnet", [dll, command, scale], SteadyJit);
    }

    internal static bool Succeeds(string file, params string[] arguments)
    {
        try
        {
            using Process p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
