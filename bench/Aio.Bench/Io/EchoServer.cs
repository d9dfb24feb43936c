using System.Diagnostics;
using System.Globalization;

namespace Aio.Bench.Io;

/// <summary>One round of one server: throughput, server CPU per round trip, and echoload's byte check.</summary>
internal readonly record struct EchoSample(double TripsPerSecond, double CpuMicrosPerTrip, double UserMicrosPerTrip, long Mismatches);

/// <summary>A server under test: how to start it, pinned to CPU 0, and how to measure it.</summary>
internal sealed class EchoServer
{
    private readonly string _file;
    private readonly Func<int, string[]> _args;
    private readonly Dictionary<string, string> _environment;
    private readonly Func<string?>? _unavailable;

    private EchoServer(string name, string description, string file, Func<int, string[]> args, Dictionary<string, string>? environment = null, Func<string?>? unavailable = null)
    {
        Name = name;
        Description = description;
        _file = file;
        _args = args;
        _environment = environment ?? [];
        _unavailable = unavailable;
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The servers of the loop-group scaling run.</summary>
    public static IEnumerable<EchoServer> Scaling(Tools tools)
    {
        (string aioFile, string[] aioPrefix) = Self();
        yield return new("c-epoll-floor", "bench/echo/echoserver.c, one thread", tools.EchoServerC, p => [P(p)]);
        yield return new("aio-protocol-1loop", "Aio protocol API, one loop", aioFile, p => [.. aioPrefix, "echo-server", "--api", "protocol", "--port", P(p)]);
        yield return new("aio-protocol-2loops", "Aio protocol API, LoopGroup of 2 loops sharing the port (SO_REUSEPORT)", aioFile, p => [.. aioPrefix, "echo-server", "--api", "protocol", "--loops", "2", "--port", P(p)]);
    }

    public static IEnumerable<EchoServer> All(string repo, Tools tools)
    {
        string peers = Path.Combine(repo, "bench", "peers");
        (string aioFile, string[] aioPrefix) = Self();
        string? NoUvloop() => Tools.Output("/usr/bin/python3", "-c", "import uvloop") == "n/a" ? "python3-uvloop is not installed" : null;
        string? NoNode() => Tools.Output("node", "--version") == "n/a" ? "node is not installed" : null;

        yield return new("c-epoll-floor", "bench/echo/echoserver.c, a bare level-triggered epoll loop", tools.EchoServerC, p => [P(p)]);
        yield return new("aio-protocol", "Aio protocol API (DataReceived -> Transport.Write), epoll reactor", aioFile, p => [.. aioPrefix, "echo-server", "--api", "protocol", "--port", P(p)]);
        yield return new("aio-streams", "Aio streams API (ReadAsync(102400) -> Write), epoll reactor", aioFile, p => [.. aioPrefix, "echo-server", "--api", "streams", "--port", P(p)]);
        yield return new("aio-protocol-poll", "Aio protocol API on the portable poll(2) reactor", aioFile, p => [.. aioPrefix, "echo-server", "--api", "protocol", "--port", P(p)], new() { ["AIO_REACTOR"] = "poll" });
        yield return new("asyncio-streams", "CPython asyncio, streams API (bench/peers/py_echo.py)", "/usr/bin/python3", p => [Path.Combine(peers, "py_echo.py"), "asyncio", "streams", P(p)]);
        yield return new("asyncio-protocol", "CPython asyncio, protocol API", "/usr/bin/python3", p => [Path.Combine(peers, "py_echo.py"), "asyncio", "protocol", P(p)]);
        yield return new("uvloop-streams", "uvloop, streams API", "/usr/bin/python3", p => [Path.Combine(peers, "py_echo.py"), "uvloop", "streams", P(p)], unavailable: NoUvloop);
        yield return new("uvloop-protocol", "uvloop, protocol API", "/usr/bin/python3", p => [Path.Combine(peers, "py_echo.py"), "uvloop", "protocol", P(p)], unavailable: NoUvloop);
        yield return new("node", "Node.js net (libuv)", "node", p => [Path.Combine(peers, "node_echo.js"), P(p)], unavailable: NoNode);
        yield return new("dotnet-threadpool-1cpu", ".NET async sockets on the thread pool (bench/peers/dotnet_echo), DOTNET_PROCESSOR_COUNT=1", tools.DotnetEcho, p => [P(p)], new() { ["DOTNET_PROCESSOR_COUNT"] = "1" });
        yield return new("dotnet-inline-1cpu", "the same with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1", tools.DotnetEcho, p => [P(p)], new() { ["DOTNET_PROCESSOR_COUNT"] = "1", ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1" });
    }

    public bool IsAvailable(out string why)
    {
        why = _unavailable?.Invoke() ?? string.Empty;
        return why.Length == 0;
    }

    public EchoSample Measure(int port, string echoLoad, EchoOptions options, string serverCpus = "0", string clientCpus = "1")
    {
        var start = new ProcessStartInfo("taskset", ["-c", serverCpus, _file, .. _args(port)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach ((string key, string value) in _environment)
        {
            start.Environment[key] = value;
        }

        using Process server = Process.Start(start)!;
        try
        {
            WaitReady(server);
            string Load(double seconds) => Tools.Output("taskset", "-c", clientCpus, echoLoad, "127.0.0.1", P(port), P(options.Connections), P(options.Size), seconds.ToString(CultureInfo.InvariantCulture));
            Load(1);
            (double user0, double sys0) = ProcessCpu.Split(server.Id);
            string output = Load(options.Seconds);
            (double user1, double sys1) = ProcessCpu.Split(server.Id);
            Dictionary<string, double> values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' '))
                .Where(f => f.Length == 2)
                .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
            if (!values.TryGetValue("round_trips", out double trips) || trips == 0)
            {
                throw new InvalidOperationException($"{Name}: echoload reported no round trips: {output}");
            }

            double cpu = (user1 + sys1 - user0 - sys0) * 1e6 / trips;
            return new EchoSample(values["round_trips_per_s"], cpu, (user1 - user0) * 1e6 / trips, (long)values["mismatches"]);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    private static string P(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WaitReady(Process server)
    {
        Task<string?> line = server.StandardOutput.ReadLineAsync();
        while (true)
        {
            if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is null)
            {
                throw new InvalidOperationException($"server did not print 'ready': {server.StandardError.ReadToEnd()}");
            }

            if (line.Result.StartsWith("ready", StringComparison.Ordinal))
            {
                // Keep draining stdout so a chatty server never blocks on a full pipe.
                _ = server.StandardOutput.ReadToEndAsync();
                return;
            }

            line = server.StandardOutput.ReadLineAsync();
        }
    }

    /// <summary>How to run this benchmark binary again: its apphost, or <c>dotnet</c> and the dll.</summary>
    private static (string File, string[] Prefix) Self()
    {
        string process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [typeof(EchoServer).Assembly.Location])
            : (process, []);
    }
}
