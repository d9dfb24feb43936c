using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Aio.Bench.Compare;

namespace Aio.Bench.Io;

/// <summary>
/// Idle connections (issue 12): each echo server (Aio streams and protocol APIs, uvloop and asyncio
/// streams and protocol, from <c>bench/peers/py_echo.py</c>) is started pinned to CPU 0; this process,
/// pinned to CPU 1, opens N connections (default 10,000), echoes one line on each and leaves them
/// open; the figure is the server process's resident memory growth (VmRSS from
/// <c>/proc/PID/status</c>, read after a 2 s settle) divided by N. Servers run one after another,
/// round after round. <c>idle-compare [--conns N] [--rounds R] [--only a,b] [--client-cpu C]</c>
/// (<c>--client-cpu 0</c> keeps CPU 1 free for someone else; memory figures do not depend on it).
/// </summary>
internal static class IdleCompare
{
    private static readonly byte[] s_line = Encoding.ASCII.GetBytes("hello, idle connection\n");

    private sealed record Server(string Name, string Description, Func<int, (string File, string[] Args)> Start);

    public static int Run(string[] args)
    {
        int conns = 10_000;
        int rounds = 1;
        string[]? only = null;
        int clientCpu = Environment.ProcessorCount > 1 ? 1 : 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--conns":
                    conns = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--only":
                    only = args[++i].Split(',');
                    break;
                case "--client-cpu":
                    clientCpu = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine("usage: idle-compare [--conns N] [--rounds R] [--only a,b] [--client-cpu C]");
                    return 2;
            }
        }

        ulong limit = RaiseFileLimit();
        if ((ulong)conns + 64 > limit)
        {
            Console.Error.WriteLine($"--conns {conns} needs more descriptors than RLIMIT_NOFILE allows ({limit}); raise the hard limit (ulimit -Hn) first");
            return 2;
        }

        List<Server> servers = Servers().Where(s => only is null || only.Contains(s.Name)).ToList();
        if (OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = (nint)1 << clientCpu; // the client on CPU 1 unless told otherwise
        }

        var samples = servers.ToDictionary(s => s.Name, _ => new List<double>());
        for (int round = 1; round <= rounds; round++)
        {
            foreach (Server server in servers)
            {
                Console.Error.WriteLine($"[idle-compare] round {round}/{rounds}: {server.Name}");
                double perConnection = Measure(server, conns);
                Console.Error.WriteLine($"  {perConnection:0} resident bytes per connection");
                samples[server.Name].Add(perConnection);
            }
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# idle-compare: resident bytes per idle TCP connection ({conns:N0} connections, one line echoed on each)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}; median of {rounds} round(s); server pinned to CPU 0, client to CPU {clientCpu}; RLIMIT_NOFILE {limit}.");
        text.AppendLine();
        text.AppendLine("| server | resident bytes per connection (lower is better) | aio-streams / it | aio-protocol / it |");
        text.AppendLine("|---|---|---|---|");
        double? Median(string name) => samples.TryGetValue(name, out List<double>? v) && v.Count > 0 ? v.Order().ElementAt(v.Count / 2) : null;
        foreach (Server server in servers)
        {
            double mine = Median(server.Name)!.Value;
            string Ratio(string aio) => Median(aio) is double a && mine > 0 ? string.Create(CultureInfo.InvariantCulture, $"{a / mine:0.00}x") : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {server.Name}: {server.Description} | {mine:N0} | {Ratio("aio-streams")} | {Ratio("aio-protocol")} |");
        }

        text.AppendLine();
        text.AppendLine("Resident growth of the server process between listening and holding every connection, after a 2 s settle; it counts the kernel-independent user-space cost "
            + "(socket buffers live in the kernel and are not in VmRSS). Smoke figures from a shared 2-core machine: a quiet-machine run is still needed.");
        Console.WriteLine(text);
        Comparison.Write($"idle-compare.md", text.ToString());
        return 0;
    }

    private static IEnumerable<Server> Servers()
    {
        string self = Environment.ProcessPath!;
        string[] prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(IdleCompare).Assembly.Location] : [];
        string P(int port) => port.ToString(CultureInfo.InvariantCulture);
        yield return new("aio-streams", "Aio streams API (StartServer, ReadAsync(102400) -> Write)", p => (self, [.. prefix, "echo-server", "--api", "streams", "--port", P(p)]));
        yield return new("aio-protocol", "Aio protocol API (DataReceived -> Transport.Write)", p => (self, [.. prefix, "echo-server", "--api", "protocol", "--port", P(p)]));
        string py = Path.Combine(Repository.Root, "bench", "peers", "py_echo.py");
        if (Comparison.Succeeds("/usr/bin/python3", "-c", "import uvloop"))
        {
            yield return new("uvloop-streams", "uvloop, asyncio.start_server", p => ("/usr/bin/python3", [py, "uvloop", "streams", P(p)]));
            yield return new("uvloop-protocol", "uvloop, Protocol", p => ("/usr/bin/python3", [py, "uvloop", "protocol", P(p)]));
        }
        else
        {
            Console.Error.WriteLine("uvloop is not installed (apt-get install python3-uvloop): its rows are left out");
        }

        yield return new("asyncio-streams", "CPython asyncio, start_server", p => ("/usr/bin/python3", [py, "asyncio", "streams", P(p)]));
        yield return new("asyncio-protocol", "CPython asyncio, Protocol", p => ("/usr/bin/python3", [py, "asyncio", "protocol", P(p)]));
    }

    private static double Measure(Server server, int conns)
    {
        int port = FreePort();
        (string file, string[] args) = server.Start(port);
        var start = new ProcessStartInfo("taskset", ["-c", "0", file, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        using Process process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var sockets = new List<Socket>(conns);
        try
        {
            Task<string?> ready = process.StandardOutput.ReadLineAsync();
            if (!ready.Wait(TimeSpan.FromSeconds(60)) || ready.Result is null || !ready.Result.StartsWith("ready", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{server.Name} did not print 'ready'");
            }

            _ = process.StandardOutput.ReadToEndAsync();
            Thread.Sleep(1000);
            long before = ResidentKib(process.Id);
            var buffer = new byte[256];
            for (int i = 0; i < conns; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                sockets.Add(socket);
                socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
                socket.Send(s_line);
                int got = 0;
                while (got < s_line.Length)
                {
                    int n = socket.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
                    if (n == 0)
                    {
                        throw new InvalidOperationException($"{server.Name} closed connection {i} before echoing");
                    }

                    got += n;
                }

                if (!buffer.AsSpan(0, got).SequenceEqual(s_line))
                {
                    throw new InvalidOperationException($"{server.Name} echoed something else on connection {i}");
                }
            }

            Thread.Sleep(2000);
            long after = ResidentKib(process.Id);
            return (after - before) * 1024.0 / conns;
        }
        finally
        {
            foreach (Socket socket in sockets)
            {
                socket.Dispose();
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static long ResidentKib(int pid)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no VmRSS for process {pid}");
    }

    /// <summary>Raises this process's soft descriptor limit to the hard one (servers started from here inherit it); returns the soft limit now.</summary>
    private static ulong RaiseFileLimit()
    {
        const int RlimitNofile = 7;
        if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out RLimit limit) != 0)
        {
            return ulong.MaxValue;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
            if (setrlimit(RlimitNofile, in raised) == 0)
            {
                return raised.Current;
            }
        }

        return limit.Current;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, in RLimit limit);
}
