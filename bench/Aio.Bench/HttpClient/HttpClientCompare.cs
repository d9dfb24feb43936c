using System.Diagnostics;
using System.Globalization;
using Aio.Bench.Compare;
using Aio.Http.Client;
using Aio.Http.Server;

namespace Aio.Bench.HttpClientBench;

/// <summary>
/// Client throughput: N keep-alive GETs of <c>/plaintext</c> at concurrency C, by Aio.Http's client,
/// .NET's HttpClient (SocketsHttpHandler) and aiohttp's client (asyncio, and uvloop when installed),
/// each in a fresh process, against one Aio.Http server process. Figures: requests per second and the
/// client process's CPU microseconds per request (user + system, from /proc), the cost that matters
/// on a shared machine. The server is the same for all, so its cost cancels out of the ratios.
/// </summary>
internal static class HttpClientCompare
{
    public static int Run(string[] args)
    {
        int requests = Option(args, "--requests", 20_000);
        int concurrency = Option(args, "--concurrency", 16);
        int rounds = Option(args, "--rounds", 3);
        string dll = Path.Combine(AppContext.BaseDirectory, "Aio.Bench.dll");
        using Process server = Process.Start(new ProcessStartInfo("dotnet", [dll, "http-client-target"]) { RedirectStandardOutput = true })!;
        try
        {
            string ready = server.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the server did not start");
            int port = int.Parse(ready.Split(' ')[1], CultureInfo.InvariantCulture);
            string url = $"http://127.0.0.1:{port}/plaintext";
            string scale = $"{requests}";
            var steady = new Dictionary<string, string> { ["DOTNET_TC_CallCountingDelayMs"] = "0" };
            var peers = new List<Peer>
            {
                new("httpclient", "dotnet", [dll, "http-client-run", "httpclient", url, scale, $"{concurrency}"], steady),
            };
            string script = Path.Combine(Repository.Root, "bench", "peers", "py_http_client.py");
            peers.Add(new Peer("aiohttp", "/usr/bin/python3", [script, "asyncio", url, scale, $"{concurrency}"]));
            if (Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import uvloop"]) { RedirectStandardError = true }) is { } probe && probe.WaitForExit(10_000) && probe.ExitCode == 0)
            {
                peers.Add(new Peer("aiohttp-uvloop", "/usr/bin/python3", [script, "uvloop", url, scale, $"{concurrency}"]));
            }

            peers.Add(new Peer("aio", "dotnet", [dll, "http-client-run", "aio", url, scale, $"{concurrency}"], steady));
            return Comparison.Run(
                $"http-client-compare: {requests} GETs, concurrency {concurrency}",
                "http-client-compare.md",
                peers,
                ["requests_per_s", "client_cpu_us_per_request"],
                new HashSet<string> { "client_cpu_us_per_request" },
                rounds);
        }
        finally
        {
            server.Kill();
        }
    }

    /// <summary>The server all clients hit.</summary>
    public static int Target(string[] args)
    {
        _ = args;
        Asyncio.Run(Serve());
        return 0;

        static async Coroutine Serve()
        {
            var app = new Application();
            app.Router.AddGet("/plaintext", async _ => new Response("Hello, World!"));
            var runner = new AppRunner(app);
            await runner.SetupAsync();
            var site = new TcpSite(runner, "127.0.0.1", 0);
            await site.StartAsync();
            Console.WriteLine($"ready {site.Port}");
            await Asyncio.Sleep(double.MaxValue / 4);
        }
    }

    /// <summary>One client run: prints <c>requests_per_s</c> and <c>client_cpu_us_per_request</c>.</summary>
    public static int Client(string[] args)
    {
        string kind = args[0];
        string url = args[1];
        int requests = int.Parse(args[2], CultureInfo.InvariantCulture);
        int concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);

        // Warm-up (JIT, connections), then the measured run.
        int warm = Math.Min(2_000, requests / 5);
        Drive(kind, url, warm, concurrency);
        double cpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var wall = Stopwatch.StartNew();
        Drive(kind, url, requests, concurrency);
        double seconds = wall.Elapsed.TotalSeconds;
        double cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests_per_s {requests / seconds:0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"client_cpu_us_per_request {cpu * 1e6 / requests:0.0}"));
        return 0;
    }

    private static void Drive(string kind, string url, int requests, int concurrency)
    {
        switch (kind)
        {
            case "aio":
                Asyncio.Run(AioClient(url, requests, concurrency));
                break;
            case "httpclient":
                HttpClientRun(url, requests, concurrency).GetAwaiter().GetResult();
                break;
            default:
                throw new ArgumentException($"unknown client {kind}");
        }
    }

    private static async Coroutine AioClient(string url, int requests, int concurrency)
    {
        await using var session = new ClientSession(connector: new TcpConnector(limit: concurrency));
        int left = requests;
        var workers = new Coroutine[concurrency];
        for (int i = 0; i < concurrency; i++)
        {
            workers[i] = Worker();
        }

        await Asyncio.Gather(workers);

        async Coroutine Worker()
        {
            while (left-- > 0)
            {
                await using ClientResponse r = await session.GetAsync(url);
                await r.ReadAsync();
            }
        }
    }

    private static async Task HttpClientRun(string url, int requests, int concurrency)
    {
        using var client = new System.Net.Http.HttpClient(new System.Net.Http.SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false });
        int left = requests;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                using System.Net.Http.HttpResponseMessage r = await client.GetAsync(url);
                await r.Content.ReadAsByteArrayAsync();
            }
        }));
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
