using System.Net;

namespace Aio.Http.Server;

/// <summary>
/// Runs an application on one or more sites (aiohttp's <c>web.AppRunner</c>): <see cref="SetupAsync"/>
/// runs the startup signals, sites listen, and <see cref="CleanupAsync"/> shuts down gracefully: stop
/// accepting, run <c>OnShutdown</c>, let in-flight requests finish until <see cref="HttpServerOptions.ShutdownTimeout"/>,
/// close the rest, then run the cleanup signals.
/// </summary>
public sealed class AppRunner : IAsyncDisposable
{
    private readonly HashSet<HttpConnection> _connections = new();
    private readonly List<BaseSite> _sites = new();
    private Future<bool>? _allClosed;
    private bool _setUp;

    /// <summary>Creates a runner for <paramref name="app"/>.</summary>
    public AppRunner(Application app, HttpServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        App = app;
        Options = options ?? HttpServerOptions.Default;
    }

    /// <summary>The application served.</summary>
    public Application App { get; }

    /// <summary>The connection settings.</summary>
    public HttpServerOptions Options { get; }

    /// <summary>The sites started on this runner.</summary>
    public IReadOnlyList<BaseSite> Sites => _sites;

    /// <summary>The addresses listened on (aiohttp's <c>runner.addresses</c>).</summary>
    public IReadOnlyList<EndPoint> Addresses => _sites.SelectMany(s => s.Server?.Sockets.Select(x => x.LocalEndPoint!) ?? []).ToArray();

    /// <summary>Open connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Runs the application's startup signals (aiohttp's <c>setup()</c>).</summary>
    /// <exception cref="InvalidOperationException">Already set up.</exception>
    public async Coroutine SetupAsync()
    {
        if (_setUp)
        {
            throw new InvalidOperationException("the runner is already set up");
        }

        _setUp = true;
        await App.StartupAsync();
    }

    /// <summary>Stops the sites and shuts down gracefully (aiohttp's <c>cleanup()</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while waiting for connections, the remaining ones are aborted before the cancellation propagates.</remarks>
    public async Coroutine CleanupAsync()
    {
        if (!_setUp)
        {
            return;
        }

        _setUp = false;
        foreach (BaseSite site in _sites.ToArray())
        {
            site.CloseListener();
        }

        await App.ShutdownAsync();
        foreach (HttpConnection connection in _connections.ToArray())
        {
            connection.RequestClose();
        }

        try
        {
            if (_connections.Count > 0)
            {
                _allClosed = Asyncio.GetRunningLoop().CreateFuture<bool>();
                await Asyncio.WaitFor(_allClosed, Options.ShutdownTimeout);
            }
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            _allClosed = null;
            foreach (HttpConnection connection in _connections.ToArray())
            {
                connection.Abort();
            }

            _sites.Clear();
        }

        await App.CleanupAsync();
    }

    /// <summary>Same as <see cref="CleanupAsync"/>.</summary>
    public ValueTask DisposeAsync() => new(Asyncio.CreateTask(CleanupAsync()).AsTask());

    internal void AddSite(BaseSite site)
    {
        if (!_setUp)
        {
            throw new InvalidOperationException("call SetupAsync on the runner before starting a site");
        }

        _sites.Add(site);
    }

    internal HttpConnection NewConnection() => new(this);

    internal void Attach(HttpConnection connection) => _connections.Add(connection);

    internal void Detach(HttpConnection connection)
    {
        if (_connections.Remove(connection) && _connections.Count == 0)
        {
            _allClosed?.TrySetResult(true);
        }
    }
}
