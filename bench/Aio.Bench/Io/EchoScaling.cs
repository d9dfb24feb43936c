using System.Globalization;
using System.Text;
using Aio.Bench.Compare;

namespace Aio.Bench.Io;

/// <summary>
/// Loop-group scaling: Aio's protocol echo server with 1 and then 2 loops (SO_REUSEPORT), and the C
/// floor for reference, each allowed both CPUs, with echoload also free to use both. On a 2-core
/// machine the client competes with the server, so this shows what a second loop buys when the
/// first is saturated, not clean linear scaling.
/// </summary>
internal static class EchoScaling
{
    public static int Run(string[] args)
    {
        var options = EchoOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: echo-scaling [--conns 50] [--size 1024] [--seconds 5] [--rounds 3] [--out FILE]");
            return 2;
        }

        string repo = EchoCompare.RepoRoot();
        string work = Directory.CreateTempSubdirectory("aio-scaling-").FullName;
        Tools tools = Tools.Build(repo, work);
        List<EchoServer> servers = EchoServer.Scaling(tools).ToList();
        var samples = servers.ToDictionary(s => s.Name, _ => new List<EchoSample>());
        int port = 9600;
        for (int round = 1; round <= options.Rounds; round++)
        {
            foreach (EchoServer server in servers)
            {
                EchoSample sample = server.Measure(port++, tools.EchoLoad, options, serverCpus: "0,1", clientCpus: "0,1");
                samples[server.Name].Add(sample);
                Console.Error.WriteLine($"round {round} {server.Name,-20} {sample.TripsPerSecond,10:F0} trips/s {sample.CpuMicrosPerTrip,7:F2} us CPU/trip");
            }
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Loop-group scaling, TCP echo ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`Aio.Bench echo-scaling {string.Join(' ', options.Args)}`: echoload, {options.Connections} connections, {options.Size}-byte messages, {options.Seconds} s per run, {options.Rounds} rounds. Server and client both may use CPUs 0-1 ({Environment.ProcessorCount} CPUs in all), so the client takes CPU from the server. Median over rounds.");
        text.AppendLine();
        text.AppendLine("| server | trips/s | vs 1 loop | server CPU us/trip | rounds (trips/s) |");
        text.AppendLine("|---|---:|---:|---:|---|");
        double baseline = Statistics.Median(samples["aio-protocol-1loop"].Select(s => s.TripsPerSecond));
        foreach (EchoServer server in servers)
        {
            List<EchoSample> runs = samples[server.Name];
            double rate = Statistics.Median(runs.Select(s => s.TripsPerSecond));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {server.Name} | {rate:F0} | {rate / baseline:F2}x | {Statistics.Median(runs.Select(s => s.CpuMicrosPerTrip)):F2} | {string.Join(", ", runs.Select(s => s.TripsPerSecond.ToString("F0", CultureInfo.InvariantCulture)))} |");
        }

        string report = text.ToString();
        Console.WriteLine(report);
        string path = options.Out ?? Path.Combine(repo, "bench", "results", $"echo-scaling-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        File.WriteAllText(path, report);
        Console.Error.WriteLine($"results written to {path}");
        Directory.Delete(work, recursive: true);
        return 0;
    }
}
