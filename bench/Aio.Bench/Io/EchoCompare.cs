using System.Globalization;
using System.Text;
using Aio.Bench.Compare;

namespace Aio.Bench.Io;

/// <summary>
/// The TCP echo comparison (DESIGN.md's echo target), in one run: each server (the C epoll floor,
/// Aio's protocol and streams servers, asyncio and uvloop with both APIs, Node, .NET async sockets)
/// is pinned to CPU 0 and driven by <c>bench/echo/echoload.c</c> pinned to CPU 1, as
/// <c>run_echo_anchors.sh</c> does. The figure is the server's CPU time (user + system, whole
/// process) per round trip, the steadier number on a shared machine; throughput is printed beside it.
/// Servers take turns round by round, and the median of the rounds is reported with its ratio to the
/// C floor. Results go to <c>bench/results/</c>.
/// </summary>
internal static class EchoCompare
{
    public static int Run(string[] args)
    {
        var options = EchoOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: echo-compare [--conns 50] [--size 1024] [--seconds 5] [--rounds 3] [--only a,b] [--out FILE]");
            return 2;
        }

        string repo = RepoRoot();
        string work = Directory.CreateTempSubdirectory("aio-echo-").FullName;
        Tools tools = Tools.Build(repo, work);
        List<EchoServer> servers = EchoServer.All(repo, tools)
            .Where(s => options.Only is null || options.Only.Contains(s.Name))
            .Where(s => s.IsAvailable(out _))
            .ToList();
        foreach (EchoServer missing in EchoServer.All(repo, tools).Where(s => !s.IsAvailable(out _)))
        {
            missing.IsAvailable(out string why);
            Console.Error.WriteLine($"skipping {missing.Name}: {why}");
        }

        var samples = servers.ToDictionary(s => s.Name, _ => new List<EchoSample>());
        int port = 9300;
        for (int round = 1; round <= options.Rounds; round++)
        {
            foreach (EchoServer server in servers)
            {
                EchoSample sample = server.Measure(port++, tools.EchoLoad, options);
                samples[server.Name].Add(sample);
                Console.Error.WriteLine($"round {round} {server.Name,-24} {sample.TripsPerSecond,10:F0} trips/s {sample.CpuMicrosPerTrip,7:F2} us CPU/trip ({sample.UserMicrosPerTrip:F2} user){(sample.Mismatches > 0 ? $" MISMATCHES {sample.Mismatches}" : string.Empty)}");
            }
        }

        string report = Report(options, servers, samples);
        Console.WriteLine(report);
        string path = options.Out ?? Path.Combine(repo, "bench", "results", $"echo-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        File.WriteAllText(path, report);
        Console.Error.WriteLine($"results written to {path}");
        Directory.Delete(work, recursive: true);
        return samples.Values.SelectMany(s => s).Any(s => s.Mismatches > 0) ? 1 : 0;
    }

    internal static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aio.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the Aio repository (Aio.slnx not found above the binary).");
    }

    private static string Report(EchoOptions options, List<EchoServer> servers, Dictionary<string, List<EchoSample>> samples)
    {
        double floor = samples.TryGetValue("c-epoll-floor", out List<EchoSample>? c) && c.Count > 0 ? Statistics.Median(c.Select(s => s.CpuMicrosPerTrip)) : double.NaN;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# TCP echo: server CPU per round trip ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`Aio.Bench echo-compare {string.Join(' ', options.Args)}`: echoload, {options.Connections} connections, {options.Size}-byte messages, {options.Seconds} s per run after a 1 s warm-up, {options.Rounds} rounds; server pinned to CPU 0, client to CPU 1. Median over rounds; ratio = server CPU per trip / C epoll floor's.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}; {Tools.Versions()}");
        text.AppendLine();
        text.AppendLine("| server | trips/s | server CPU us/trip | ratio to C floor | of which user us/trip | rounds (us/trip) |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (EchoServer server in servers)
        {
            List<EchoSample> runs = samples[server.Name];
            double cpu = Statistics.Median(runs.Select(s => s.CpuMicrosPerTrip));
            double rate = Statistics.Median(runs.Select(s => s.TripsPerSecond));
            double user = Statistics.Median(runs.Select(s => s.UserMicrosPerTrip));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {server.Name} | {rate:F0} | {cpu:F2} | {cpu / floor:F2}x | {user:F2} | {string.Join(", ", runs.Select(s => s.CpuMicrosPerTrip.ToString("F2", CultureInfo.InvariantCulture)))} |");
        }

        text.AppendLine();
        text.AppendLine("Servers: " + string.Join("; ", servers.Select(s => $"`{s.Name}`: {s.Description}")));
        return text.ToString();
    }
}
