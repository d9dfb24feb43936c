using Aio.Http.Client;
using Aio.Http.Server;

namespace Aio.Http.Testing;

/// <summary>
/// A client session bound to a <see cref="TestServer"/> (aiohttp's <c>test_utils.TestClient</c>):
/// request paths are relative to the server, cookies are kept even though the host is an IP address,
/// and disposing closes the session and then the server. On <c>VirtualTime.Run</c> client and server
/// share the loop, so their timeouts take no real time.
/// </summary>
/// <example><code>
/// VirtualTime.Run(async () =>
/// {
///     await using TestClient client = await TestClient.StartAsync(app);
///     await using ClientResponse r = await client.GetAsync("/hello");
///     Assert.Equal("Hello", await r.TextAsync());
/// });
/// </code></example>
public sealed class TestClient : IAsyncDisposable
{
    private readonly bool _ownsServer;

    /// <summary>Creates a client of <paramref name="server"/>; <paramref name="timeout"/> and <paramref name="middlewares"/> go to its session.</summary>
    public TestClient(TestServer server, ClientTimeout? timeout = null, IEnumerable<ClientMiddleware>? middlewares = null, bool ownsServer = true)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        _ownsServer = ownsServer;
        Session = new ClientSession(baseUrl: server.BaseUrl, cookieJar: new CookieJar(allowIpHosts: true), timeout: timeout, middlewares: middlewares);
    }

    /// <summary>The server under test.</summary>
    public TestServer Server { get; }

    /// <summary>The session requests go through (aiohttp's <c>client.session</c>).</summary>
    public ClientSession Session { get; }

    /// <summary>Starts <paramref name="app"/> on a <see cref="TestServer"/> and returns a client of it.</summary>
    public static async Coroutine<TestClient> StartAsync(Application app, HttpServerOptions? options = null, ClientTimeout? timeout = null)
    {
        TestServer server = await TestServer.StartAsync(app, options);
        return new TestClient(server, timeout);
    }

    /// <summary>The absolute URL of <paramref name="path"/> on the server (aiohttp's <c>make_url</c>).</summary>
    public Uri MakeUrl(string path) => Server.MakeUrl(path);

    /// <summary>A GET of <paramref name="path"/>.</summary>
    public Coroutine<ClientResponse> GetAsync(string path, RequestOptions? options = null) => Session.GetAsync(path, options);

    /// <summary>A POST of <paramref name="body"/> to <paramref name="path"/>.</summary>
    public Coroutine<ClientResponse> PostAsync(string path, Payload? body = null, RequestOptions? options = null) => Session.PostAsync(path, body, options);

    /// <summary>A PUT of <paramref name="body"/> to <paramref name="path"/>.</summary>
    public Coroutine<ClientResponse> PutAsync(string path, Payload? body = null, RequestOptions? options = null) => Session.PutAsync(path, body, options);

    /// <summary>A PATCH of <paramref name="body"/> to <paramref name="path"/>.</summary>
    public Coroutine<ClientResponse> PatchAsync(string path, Payload? body = null, RequestOptions? options = null) => Session.PatchAsync(path, body, options);

    /// <summary>A DELETE of <paramref name="path"/>.</summary>
    public Coroutine<ClientResponse> DeleteAsync(string path, RequestOptions? options = null) => Session.DeleteAsync(path, options);

    /// <summary>A HEAD of <paramref name="path"/>.</summary>
    public Coroutine<ClientResponse> HeadAsync(string path, RequestOptions? options = null) => Session.HeadAsync(path, options);

    /// <summary>A request with any method.</summary>
    public Coroutine<ClientResponse> RequestAsync(string method, string path, RequestOptions? options = null) => Session.RequestAsync(method, path, options);

    /// <summary>Closes the session, then the server if this client started it (aiohttp's <c>close()</c>).</summary>
    public async Coroutine CloseAsync()
    {
        await Session.CloseAsync();
        if (_ownsServer)
        {
            await Server.CloseAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync();
}
