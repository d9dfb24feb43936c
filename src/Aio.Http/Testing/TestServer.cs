using Aio.Http.Server;

namespace Aio.Http.Testing;

/// <summary>
/// Serves an application on a free loopback port of the running loop for a test (aiohttp's
/// <c>test_utils.TestServer</c>). Everything runs on the loop, so under <c>VirtualTime.Run</c> the
/// server's header and keep-alive timeouts take no real time.
/// </summary>
/// <example><code>
/// await using TestServer server = await TestServer.StartAsync(app);
/// using var socket = await Asyncio.OpenConnection(server.Host, server.Port);
/// </code></example>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(AppRunner runner, TcpSite site)
    {
        Runner = runner;
        Site = site;
    }

    /// <summary>The application served.</summary>
    public Application App => Runner.App;

    /// <summary>The runner (its <see cref="AppRunner.ConnectionCount"/> counts open connections).</summary>
    public AppRunner Runner { get; }

    /// <summary>The site listening.</summary>
    public TcpSite Site { get; }

    /// <summary>The host listened on (<c>127.0.0.1</c>).</summary>
    public string Host => Site.Host ?? "127.0.0.1";

    /// <summary>The port bound.</summary>
    public int Port => Site.Port;

    /// <summary>The server's root URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl => new($"http://{Host}:{Port}");

    /// <summary>Starts <paramref name="app"/> (its startup signals run) on a free port of <paramref name="host"/>.</summary>
    public static async Coroutine<TestServer> StartAsync(Application app, HttpServerOptions? options = null, string host = "127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(app);
        var runner = new AppRunner(app, options);
        await runner.SetupAsync();
        var site = new TcpSite(runner, host, 0);
        await site.StartAsync();
        return new TestServer(runner, site);
    }

    /// <summary>The absolute URL of <paramref name="path"/> on this server (aiohttp's <c>make_url</c>).</summary>
    public Uri MakeUrl(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Uri(BaseUrl, path);
    }

    /// <summary>Shuts the server down gracefully and runs the cleanup signals (aiohttp's <c>close()</c>).</summary>
    public Coroutine CloseAsync() => Runner.CleanupAsync();

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => Runner.DisposeAsync();
}
