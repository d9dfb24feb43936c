namespace Aio.Http.Server;

/// <summary>
/// Maps method and path to a handler (aiohttp's <c>UrlDispatcher</c>). Plain paths are looked up in a
/// dictionary; patterns with variables, static prefixes and sub-applications are tried in the order
/// they were added. A path that matches without its method gives 405 with <c>Allow</c>; no match, 404.
/// </summary>
public sealed class Router
{
    private readonly Dictionary<string, Resource> _plain = new(StringComparer.Ordinal);
    private readonly List<object> _ordered = new();
    private readonly Dictionary<string, Resource> _named = new(StringComparer.Ordinal);
    private readonly List<Resource> _resources = new();

    internal Router()
    {
    }

    /// <summary>Every resource in registration order.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Whether routes can still be added (not once the application is running).</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>The resource named <paramref name="name"/> (aiohttp's <c>router[name]</c>).</summary>
    /// <exception cref="KeyNotFoundException">No resource has that name.</exception>
    public Resource this[string name] => _named.TryGetValue(name, out Resource? r) ? r : throw new KeyNotFoundException($"no route named {name}");

    /// <summary>Builds the URL of the route named <paramref name="name"/> (aiohttp's <c>router[name].url_for(**parts)</c>).</summary>
    public string UrlFor(string name, IReadOnlyDictionary<string, string>? parts = null, MultiDict? query = null) => this[name].UrlFor(parts, query);

    /// <summary>Adds a route for <paramref name="method"/> (<c>*</c> for any) on <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The path is malformed or the name is taken.</exception>
    /// <exception cref="InvalidOperationException">The router is frozen or the method is already routed on the path.</exception>
    public Route AddRoute(string method, string path, Handler handler, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfFrozen();
        Resource resource = ResourceFor(path, name);
        var route = new Route(method == "*" ? "*" : method.ToUpperInvariant(), resource, handler);
        resource.Add(route);
        return route;
    }

    /// <summary>Adds a GET route, and HEAD on the same handler unless <paramref name="allowHead"/> is false (aiohttp's default).</summary>
    public Route AddGet(string path, Handler handler, string? name = null, bool allowHead = true)
    {
        Route route = AddRoute("GET", path, handler, name);
        if (allowHead && !route.Resource.Routes.Any(r => r.Method == "HEAD"))
        {
            route.Resource.Add(new Route("HEAD", route.Resource, handler));
        }

        return route;
    }

    /// <summary>Adds a POST route.</summary>
    public Route AddPost(string path, Handler handler, string? name = null) => AddRoute("POST", path, handler, name);

    /// <summary>Adds a PUT route.</summary>
    public Route AddPut(string path, Handler handler, string? name = null) => AddRoute("PUT", path, handler, name);

    /// <summary>Adds a PATCH route.</summary>
    public Route AddPatch(string path, Handler handler, string? name = null) => AddRoute("PATCH", path, handler, name);

    /// <summary>Adds a DELETE route.</summary>
    public Route AddDelete(string path, Handler handler, string? name = null) => AddRoute("DELETE", path, handler, name);

    /// <summary>Adds a HEAD route.</summary>
    public Route AddHead(string path, Handler handler, string? name = null) => AddRoute("HEAD", path, handler, name);

    /// <summary>Adds a route whose handler returns a <see cref="Response"/> (a method declared <c>async Coroutine&lt;Response&gt; M(Request r)</c>).</summary>
    /// <inheritdoc cref="AddRoute(string, string, Handler, string?)" path="/exception"/>
    public Route AddRoute(string method, string path, Func<Request, Coroutine<Response>> handler, string? name = null) =>
        AddRoute(method, path, ResponseHandler.Wrap(handler), name);

    /// <summary>Adds a GET route (and HEAD unless <paramref name="allowHead"/> is false) whose handler returns a <see cref="Response"/>.</summary>
    public Route AddGet(string path, Func<Request, Coroutine<Response>> handler, string? name = null, bool allowHead = true) =>
        AddGet(path, ResponseHandler.Wrap(handler), name, allowHead);

    /// <summary>Adds a POST route whose handler returns a <see cref="Response"/>.</summary>
    public Route AddPost(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => AddRoute("POST", path, handler, name);

    /// <summary>Adds a PUT route whose handler returns a <see cref="Response"/>.</summary>
    public Route AddPut(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => AddRoute("PUT", path, handler, name);

    /// <summary>Adds a PATCH route whose handler returns a <see cref="Response"/>.</summary>
    public Route AddPatch(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => AddRoute("PATCH", path, handler, name);

    /// <summary>Adds a DELETE route whose handler returns a <see cref="Response"/>.</summary>
    public Route AddDelete(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => AddRoute("DELETE", path, handler, name);

    /// <summary>Adds a HEAD route whose handler returns a <see cref="Response"/>.</summary>
    public Route AddHead(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => AddRoute("HEAD", path, handler, name);

    /// <summary>Adds every route of a route table (aiohttp's <c>add_routes(routes)</c>).</summary>
    public void AddRoutes(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (RouteTable.Entry entry in table)
        {
            if (entry.Method == "GET")
            {
                AddGet(entry.Path, entry.Handler, entry.Name);
            }
            else
            {
                AddRoute(entry.Method, entry.Path, entry.Handler, entry.Name);
            }
        }
    }

    /// <summary>Serves the files under <paramref name="directory"/> at <paramref name="prefix"/> (aiohttp's <c>add_static</c>).</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public StaticResource AddStatic(string prefix, string directory, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ThrowIfFrozen();
        var resource = new StaticResource(prefix.TrimEnd('/') is { Length: > 0 } p ? p : "/", directory, name);
        Register(resource, name);
        _ordered.Add(resource);
        return resource;
    }

    internal void AddSubApp(string prefix, Application app)
    {
        ThrowIfFrozen();
        _ordered.Add((prefix, app));
    }

    internal void Freeze() => IsFrozen = true;

    /// <summary>Finds the route for a request; on failure the result holds the 404 or 405 to raise.</summary>
    internal RouteMatch Resolve(string method, string path, Application app)
    {
        HashSet<string>? allowed = null;
        if (_plain.TryGetValue(path, out Resource? plain) && Pick(plain, method, ref allowed) is { } hit)
        {
            return new RouteMatch(hit, new Dictionary<string, string>(), app, null);
        }

        foreach (object entry in _ordered)
        {
            if (entry is Resource resource)
            {
                if (resource.Match(path) is { } info)
                {
                    if (Pick(resource, method, ref allowed) is { } route)
                    {
                        return new RouteMatch(route, info, app, null);
                    }
                }
            }
            else
            {
                (string prefix, Application sub) = ((string, Application))entry;
                if (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/' || prefix.EndsWith('/')))
                {
                    string rest = path.Length == prefix.Length ? "/" : path[(prefix.EndsWith('/') ? prefix.Length - 1 : prefix.Length)..];
                    RouteMatch inner = sub.Router.Resolve(method, rest, sub);
                    if (inner.Route is not null)
                    {
                        return inner with { Chain = [app, .. inner.Chain] };
                    }

                    if (inner.Error is HttpMethodNotAllowed notAllowed)
                    {
                        (allowed ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(notAllowed.AllowedMethods);
                    }
                }
            }
        }

        HttpException error = allowed is { Count: > 0 } ? new HttpMethodNotAllowed(method, allowed) : new HttpNotFound();
        return new RouteMatch(null, new Dictionary<string, string>(), app, error);
    }

    private static Route? Pick(Resource resource, string method, ref HashSet<string>? allowed)
    {
        Route? any = null;
        foreach (Route route in resource.Routes)
        {
            if (route.Method == method)
            {
                return route;
            }

            if (route.Method == "*")
            {
                any = route;
            }
        }

        if (any is null)
        {
            (allowed ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(resource.Routes.Select(r => r.Method));
        }

        return any;
    }

    private Resource ResourceFor(string path, string? name)
    {
        // Routes on the same pattern share a resource, as aiohttp's add_route does for the last one added.
        Resource? last = _resources.Count > 0 ? _resources[^1] : null;
        if (last is not null && last is not StaticResource && last.Pattern == path && (name is null || name == last.Name))
        {
            return last;
        }

        var resource = new Resource(path, name);
        Register(resource, name);
        if (resource.IsPlain && !_plain.ContainsKey(path))
        {
            _plain[path] = resource;
        }
        else
        {
            _ordered.Add(resource);
        }

        return resource;
    }

    private void Register(Resource resource, string? name)
    {
        if (name is not null)
        {
            if (!_named.TryAdd(name, resource))
            {
                throw new ArgumentException($"a route named {name} already exists", nameof(name));
            }
        }

        _resources.Add(resource);
    }

    private void ThrowIfFrozen()
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException("routes cannot be added once the application is running");
        }
    }
}

/// <summary>The outcome of routing a request.</summary>
internal sealed record RouteMatch(Route? Route, Dictionary<string, string> Info, Application App, HttpException? Error)
{
    /// <summary>The applications from the root to the one that owns the route (for their middlewares).</summary>
    public Application[] Chain { get; init; } = [App];
}
