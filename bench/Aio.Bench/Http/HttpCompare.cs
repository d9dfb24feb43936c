using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Aio.Bench.Io;

namespace Aio.Bench.Http;

/// <summary>
/// The HTTP server comparison (issue 8), in one run: Aio.Http's <c>http-server</c>, Kestrel (minimal
/// API, <c>DOTNET_PROCESSOR_COUNT=1</c>) and aiohttp on uvloop, each pinned to CPU 0 with
/// <c>taskset</c>, loaded by <c>wrk</c> pinned to CPU 1 over keep-alive connections. Per workload
/// (<c>GET /plaintext</c>, <c>POST /echo</c> with a 1 KiB body) it reports requests/s and the server's
/// CPU time (user + system, whole process, from <c>/proc</c>) per request, the steadier figure on a
/// shared machine, with ratios to Kestrel and aiohttp. Results go to <c>bench/results/</c>.
/// </summary>
internal static partial class HttpCompare
{
    private sealed record Server(string Name, string Description, string[] Command, Dictionary<string, string> Env);

    private sealed record Sample(double RequestsPerSecond, double CpuMicrosPerRequest, long Requests, int Errors);

    public static int Run(string[] args)
    {
        int conns = Option(args, "--conns", 50);
        int seconds = Option(args, "--seconds", 5);
        string? only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        string repo = EchoCompare.RepoRoot();
        string work = Directory.CreateTempSubdirectory("aio-http-").FullName;
        try
        {
            List<Server> servers = Servers(repo, work).Where(s => only is null || only.Split(',').Contains(s.Name)).ToList();
            string post = Path.Combine(work, "post.lua");
            File.WriteAllText(post, $"wrk.method = \"POST\"\nwrk.body = string.rep(\"x\", 1024)\nwrk.headers[\"Content-Type\"] = \"application/octet-stream\"\n");
            var results = new List<(string Server, string Workload, Sample Sample)>();
            int port = 9400 + (Environment.ProcessId % 400);
            foreach (Server server in servers)
            {
                foreach ((string workload, string path, string[] extra) in new[] { ("GET /plaintext", "/plaintext", Array.Empty<string>()), ("POST /echo 1 KiB", "/echo", new[] { "-s", post }) })
                {
                    Sample? sample = Measure(server, port++, path, extra, conns, seconds);
                    if (sample is null)
                    {
                        Console.Error.WriteLine($"skipping {server.Name}: it did not start");
                        break;
                    }

                    results.Add((server.Name, workload, sample));
                    Console.Error.WriteLine($"{server.Name,-16} {workload,-18} {sample.RequestsPerSecond,10:F0} req/s {sample.CpuMicrosPerRequest,7:F2} us CPU/req{(sample.Errors > 0 ? $" ERRORS {sample.Errors}" : string.Empty)}");
                }
            }

            string report = Report(args, conns, seconds, servers, results);
            Console.WriteLine(report);
            string file = Path.Combine(repo, "bench", "results", $"http-compare-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
            File.WriteAllText(file, report);
            Console.Error.WriteLine($"results written to {file}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static List<Server> Servers(string repo, string work)
    {
        var servers = new List<Server>();
        string self = Environment.ProcessPath!;
        string[] aio = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [self, typeof(HttpCompare).Assembly.Location, "http-server"] : [self, "http-server"];
        var oneCpu = new Dictionary<string, string> { ["DOTNET_PROCESSOR_COUNT"] = "1", ["DOTNET_TieredPGO"] = "1" };
        servers.Add(new Server("aio-http", "Aio.Http Application on one loop (BufferedProtocol connections)", aio, oneCpu));
        string kestrelOut = Path.Combine(work, "kestrel");
        if (Exec("dotnet", "build", Path.Combine(repo, "bench", "peers", "dotnet_kestrel"), "-c", "Release", "-o", kestrelOut, "-v", "q", "-nologo"))
        {
            servers.Add(new Server("kestrel", "ASP.NET Core minimal API, DOTNET_PROCESSOR_COUNT=1", [Path.Combine(kestrelOut, "dotnet_kestrel")], oneCpu));
        }
        else
        {
            Console.Error.WriteLine("skipping kestrel: bench/peers/dotnet_kestrel did not build");
        }

        string script = Path.Combine(repo, "bench", "peers", "py_http.py");
        if (Exec("/usr/bin/python3", "-c", "import aiohttp, uvloop"))
        {
            servers.Add(new Server("aiohttp-uvloop", $"aiohttp {Tools.Output("/usr/bin/python3", "-c", "import aiohttp; print(aiohttp.__version__)")} web on uvloop", ["/usr/bin/python3", script, "{port}", "uvloop"], new()));
        }
        else
        {
            Console.Error.WriteLine("skipping aiohttp-uvloop: python3-aiohttp or python3-uvloop is missing");
        }

        return servers;
    }

    private static Sample? Measure(Server server, int port, string path, string[] extra, int conns, int seconds)
    {
        string[] command = server.Command.Select(c => c.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();
        if (!command.Contains(port.ToString(CultureInfo.InvariantCulture)))
        {
            command = [.. command, "--port", port.ToString(CultureInfo.InvariantCulture)];
        }

        var start = new ProcessStartInfo("taskset", ["-c", "0", .. command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach ((string key, string value) in server.Env)
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        try
        {
            Task<string?> ready = process.StandardOutput.ReadLineAsync();
            if (!ready.Wait(TimeSpan.FromSeconds(60)) || ready.Result is null || !ready.Result.StartsWith("ready", StringComparison.Ordinal))
            {
                return null;
            }

            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            string url = $"http://127.0.0.1:{port}{path}";
            Wrk(url, extra, conns, 1); // warm-up: JIT tiers and connection set-up
            double before = ProcessCpu.Seconds(process.Id);
            string output = Wrk(url, extra, conns, seconds);
            double cpu = ProcessCpu.Seconds(process.Id) - before;
            long requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            double rate = double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            Match errors = ErrorsLine().Match(output);
            int errorCount = errors.Success ? errors.Groups.Cast<Group>().Skip(1).Sum(g => int.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
            Match non2xx = Non2xxLine().Match(output);
            errorCount += non2xx.Success ? int.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return new Sample(rate, cpu * 1e6 / Math.Max(1, requests), requests, errorCount);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private static string Wrk(string url, string[] extra, int conns, int seconds)
    {
        var start = new ProcessStartInfo("taskset", ["-c", "1", "wrk", "-t1", $"-c{conns}", $"-d{seconds}s", .. extra, url]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process wrk = Process.Start(start)!;
        string output = wrk.StandardOutput.ReadToEnd() + wrk.StandardError.ReadToEnd();
        wrk.WaitForExit();
        return output;
    }

    private static string Report(string[] args, int conns, int seconds, List<Server> servers, List<(string Server, string Workload, Sample Sample)> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# HTTP server: requests/s and server CPU per request ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`Aio.Bench http-compare {string.Join(' ', args)}`: wrk -t1 -c{conns}, {seconds} s per run after a 1 s warm-up, keep-alive; server pinned to CPU 0, wrk to CPU 1; one run per server and workload.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}; {Tools.Output("wrk", "-v").Split('\n')[0]}");
        text.AppendLine();
        text.AppendLine("| workload | server | requests/s | server CPU us/request | Aio CPU / this CPU | errors |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (IGrouping<string, (string Server, string Workload, Sample Sample)> workload in results.GroupBy(r => r.Workload))
        {
            double aio = workload.FirstOrDefault(r => r.Server == "aio-http").Sample?.CpuMicrosPerRequest ?? double.NaN;
            foreach ((string server, _, Sample sample) in workload)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {workload.Key} | {server} | {sample.RequestsPerSecond:F0} | {sample.CpuMicrosPerRequest:F2} | {aio / sample.CpuMicrosPerRequest:F2}x | {sample.Errors} |");
            }
        }

        text.AppendLine();
        text.AppendLine("Targets (issue 8): Aio's CPU per request at most 0.6x Kestrel's and at most a third (0.33x) of aiohttp's.");
        text.AppendLine();
        text.AppendLine("Servers: " + string.Join("; ", servers.Select(s => $"`{s.Name}`: {s.Description}")));
        return text.ToString();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static bool Exec(string file, params string[] args)
    {
        try
        {
            using Process p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
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

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex ErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();
}
