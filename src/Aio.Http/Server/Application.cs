namespace Aio.Http.Server;

/// <summary>
/// A web application (aiohttp's <c>web.Application</c>): a router, ordered middlewares, lifecycle
/// signals (<see cref="OnStartup"/>, <see cref="OnShutdown"/>, <see cref="OnCleanup"/>, <see cref="CleanupContexts"/>),
/// shared state, and sub-applications mounted under a prefix.
/// </summary>
public sealed class Application
{
    private readonly List<(string Prefix, Application App)> _subApps = new();
    private readonly List<Func<Coroutine>> _cleanupStack = new();

    /// <summary>Creates an application; request bodies read whole are limited to <paramref name="clientMaxSize"/> bytes (aiohttp's 1 MiB default).</summary>
    public Application(long clientMaxSize = 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clientMaxSize);
        ClientMaxSize = clientMaxSize;
    }

    /// <summary>The router (aiohttp's <c>app.router</c>).</summary>
    public Router Router { get; } = new();

    /// <summary>Middlewares, outermost first (aiohttp's <c>middlewares=[...]</c>).</summary>
    public IList<Middleware> Middlewares { get; } = new List<Middleware>();

    /// <summary>Run in order by <see cref="AppRunner.SetupAsync"/> (aiohttp's <c>on_startup</c>).</summary>
    public IList<Func<Application, Coroutine>> OnStartup { get; } = new List<Func<Application, Coroutine>>();

    /// <summary>Run when the server stops accepting, before connections are closed (aiohttp's <c>on_shutdown</c>).</summary>
    public IList<Func<Application, Coroutine>> OnShutdown { get; } = new List<Func<Application, Coroutine>>();

    /// <summary>Run last, after the connections are closed (aiohttp's <c>on_cleanup</c>).</summary>
    public IList<Func<Application, Coroutine>> OnCleanup { get; } = new List<Func<Application, Coroutine>>();

    /// <summary>
    /// Set-up and tear-down pairs (aiohttp's <c>cleanup_ctx</c>): each runs at startup after
    /// <see cref="OnStartup"/> and returns its tear-down, which runs at cleanup in reverse order.
    /// </summary>
    public IList<Func<Application, Coroutine<Func<Coroutine>>>> CleanupContexts { get; } = new List<Func<Application, Coroutine<Func<Coroutine>>>>();

    /// <summary>Shared state (aiohttp's <c>app["key"]</c>).</summary>
    public Dictionary<string, object?> State { get; } = new(StringComparer.Ordinal);

    /// <summary>The largest body <see cref="Request.ReadAsync"/> accepts (aiohttp's <c>client_max_size</c>).</summary>
    public long ClientMaxSize { get; }

    /// <summary>Whether the application is running (routes and middlewares are fixed).</summary>
    public bool IsFrozen => Router.IsFrozen;

    /// <summary>Mounts <paramref name="app"/> under <paramref name="prefix"/> (aiohttp's <c>add_subapp</c>): its routes see the path after the prefix, its middlewares run inside this one's.</summary>
    /// <exception cref="ArgumentException">The prefix does not start with <c>/</c> or is only <c>/</c>.</exception>
    public void AddSubApp(string prefix, Application app)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(app);
        prefix = prefix.TrimEnd('/');
        if (prefix.Length == 0 || prefix[0] != '/')
        {
            throw new ArgumentException("a sub-application prefix starts with / and is not the root", nameof(prefix));
        }

        if (ReferenceEquals(app, this))
        {
            throw new ArgumentException("an application cannot be its own sub-application", nameof(app));
        }

        Router.AddSubApp(prefix, app);
        _subApps.Add((prefix, app));
    }

    /// <summary>Routes the request and runs the middlewares and handler (what the server calls per request).</summary>
    public Coroutine<StreamResponse> HandleAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RouteMatch match = Router.Resolve(request.Method, request.Path, this);
        request.MatchInfo = match.Info;
        request.MatchedRoute = match.Route;
        request.App = match.App;
        Handler handler = match.Route?.Handler ?? Raise(match.Error!);
        for (int a = match.Chain.Length - 1; a >= 0; a--)
        {
            IList<Middleware> middlewares = match.Chain[a].Middlewares;
            for (int i = middlewares.Count - 1; i >= 0; i--)
            {
                Middleware middleware = middlewares[i];
                Handler next = handler;
                handler = r => middleware(r, next);
            }
        }

        return handler(request);
    }

    internal void Freeze()
    {
        Router.Freeze();
        foreach ((_, Application sub) in _subApps)
        {
            sub.Freeze();
        }
    }

    internal async Coroutine StartupAsync()
    {
        Freeze();
        foreach (Func<Application, Coroutine> callback in OnStartup)
        {
            await callback(this);
        }

        foreach (Func<Application, Coroutine<Func<Coroutine>>> context in CleanupContexts)
        {
            _cleanupStack.Add(await context(this));
        }

        foreach ((_, Application sub) in _subApps)
        {
            await sub.StartupAsync();
        }
    }

    internal async Coroutine ShutdownAsync()
    {
        foreach ((_, Application sub) in _subApps)
        {
            await sub.ShutdownAsync();
        }

        foreach (Func<Application, Coroutine> callback in OnShutdown)
        {
            await callback(this);
        }
    }

    internal async Coroutine CleanupAsync()
    {
        var errors = new List<Exception>();
        foreach ((_, Application sub) in _subApps)
        {
            await Collect(sub.CleanupAsync(), errors);
        }

        for (int i = _cleanupStack.Count - 1; i >= 0; i--)
        {
            await Collect(_cleanupStack[i](), errors);
        }

        _cleanupStack.Clear();
        foreach (Func<Application, Coroutine> callback in OnCleanup)
        {
            await Collect(callback(this), errors);
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("errors while cleaning up the application", errors);
        }
    }

    private static async Coroutine Collect(Coroutine step, List<Exception> errors)
    {
        try
        {
            await step;
        }
        catch (Exception e) when (e is not CancelledError)
        {
            errors.Add(e);
        }
    }

    private static Handler Raise(HttpException error) => _ => throw error;
}
