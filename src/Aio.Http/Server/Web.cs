namespace Aio.Http.Server;

/// <summary>aiohttp's <c>web.run_app</c>: serve an application until interrupted.</summary>
public static class Web
{
    /// <summary>
    /// Runs <paramref name="app"/> on a new loop at <paramref name="host"/>:<paramref name="port"/>
    /// (loopback by default) until Ctrl+C, then shuts down gracefully (aiohttp's <c>run_app</c>).
    /// </summary>
    public static void RunApp(Application app, string? host = "127.0.0.1", int port = 8080, HttpServerOptions? options = null, Action<string>? print = null) =>
        Asyncio.Run(RunAppAsync(app, host, port, options, print));

    /// <summary>Serves <paramref name="app"/> on the running loop until cancelled, then shuts down gracefully.</summary>
    public static async Coroutine RunAppAsync(Application app, string? host = "127.0.0.1", int port = 8080, HttpServerOptions? options = null, Action<string>? print = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var runner = new AppRunner(app, options);
        await runner.SetupAsync();
        try
        {
            var site = new TcpSite(runner, host, port);
            await site.StartAsync();
            (print ?? Console.WriteLine)($"======== Running on {site.Name} ========\n(Press CTRL+C to quit)");
            await Asyncio.GetRunningLoop().CreateFuture<bool>();
        }
        finally
        {
            await runner.CleanupAsync();
        }
    }
}
