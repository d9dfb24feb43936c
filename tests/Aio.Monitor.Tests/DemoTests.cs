using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aio.Monitor.Tests;

/// <summary><c>aio monitor-demo --web-port M</c> as a user runs it: its own process, real ports, stopped with SIGTERM.</summary>
[Collection(nameof(MonitorCollection))]
public sealed partial class DemoTests
{
    [Fact]
    public async Task MonitorDemo_ServesThePageAndTheApi_AndStopsOnSigterm()
    {
        string cli = typeof(DemoTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AioCliPath").Value!;
        var start = new ProcessStartInfo("dotnet", [cli, "monitor-demo", "--console-port", "0", "--web-port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process demo = Process.Start(start)!;
        try
        {
            string? web = null;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await demo.StandardOutput.ReadLineAsync(cts.Token) is { } line && line != "ready")
            {
                if (WebLine().Match(line) is { Success: true } m)
                {
                    web = m.Groups[1].Value;
                }
            }

            Assert.NotNull(web);
            using var http = new HttpClient { BaseAddress = new Uri(web), Timeout = TimeSpan.FromSeconds(30) };
            Assert.Contains("<title>Aio monitor</title>", await http.GetStringAsync("/"));

            using JsonDocument tasks = JsonDocument.Parse(await http.GetStringAsync("api/tasks?sort=name"));
            string[] names = tasks.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();
            Assert.Subset(names.ToHashSet(), new HashSet<string> { "deep", "producer", "ticker", "worker-1", "worker-2" });

            int deep = tasks.RootElement.GetProperty("tasks").EnumerateArray().First(t => t.GetProperty("name").GetString() == "deep").GetProperty("id").GetInt32();
            using JsonDocument one = JsonDocument.Parse(await http.GetStringAsync($"api/tasks/{deep}"));
            Assert.Equal(["Outer", "Middle", "Inner"], one.RootElement.GetProperty("task").GetProperty("chain").EnumerateArray().Select(f => f.GetProperty("method").GetString()));
        }
        finally
        {
            if (!demo.HasExited)
            {
                using Process? interrupt = Process.Start("kill", ["-TERM", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]); // The demo cancels its tasks and exits 0.
                interrupt?.WaitForExit();
            }

            if (!demo.WaitForExit(30_000))
            {
                demo.Kill();
            }
        }

        Assert.Equal(0, demo.ExitCode);
    }

    [GeneratedRegex(@"^web: (http://\S+/)")]
    private static partial Regex WebLine();
}
