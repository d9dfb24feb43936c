using System.Collections;

namespace Aio.Http.Server;

/// <summary>
/// Routes declared apart from an application and added with <see cref="Router.AddRoutes"/>
/// (aiohttp's <c>web.RouteTableDef</c> and its <c>@routes.get(...)</c> decorators).
/// </summary>
public sealed class RouteTable : IEnumerable<RouteTable.Entry>
{
    private readonly List<Entry> _entries = new();

    /// <summary>Declares a route.</summary>
    public RouteTable Route(string method, string path, Handler handler, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(handler);
        _entries.Add(new Entry(method.ToUpperInvariant(), path, handler, name));
        return this;
    }

    /// <summary>Declares a GET route (with HEAD).</summary>
    public RouteTable Get(string path, Handler handler, string? name = null) => Route("GET", path, handler, name);

    /// <summary>Declares a POST route.</summary>
    public RouteTable Post(string path, Handler handler, string? name = null) => Route("POST", path, handler, name);

    /// <summary>Declares a PUT route.</summary>
    public RouteTable Put(string path, Handler handler, string? name = null) => Route("PUT", path, handler, name);

    /// <summary>Declares a PATCH route.</summary>
    public RouteTable Patch(string path, Handler handler, string? name = null) => Route("PATCH", path, handler, name);

    /// <summary>Declares a DELETE route.</summary>
    public RouteTable Delete(string path, Handler handler, string? name = null) => Route("DELETE", path, handler, name);

    /// <summary>Declares a route whose handler returns a <see cref="Response"/> (a method declared <c>async Coroutine&lt;Response&gt; M(Request r)</c>).</summary>
    public RouteTable Route(string method, string path, Func<Request, Coroutine<Response>> handler, string? name = null) =>
        Route(method, path, ResponseHandler.Wrap(handler), name);

    /// <summary>Declares a GET route (with HEAD) whose handler returns a <see cref="Response"/>.</summary>
    public RouteTable Get(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => Route("GET", path, handler, name);

    /// <summary>Declares a POST route whose handler returns a <see cref="Response"/>.</summary>
    public RouteTable Post(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => Route("POST", path, handler, name);

    /// <summary>Declares a PUT route whose handler returns a <see cref="Response"/>.</summary>
    public RouteTable Put(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => Route("PUT", path, handler, name);

    /// <summary>Declares a PATCH route whose handler returns a <see cref="Response"/>.</summary>
    public RouteTable Patch(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => Route("PATCH", path, handler, name);

    /// <summary>Declares a DELETE route whose handler returns a <see cref="Response"/>.</summary>
    public RouteTable Delete(string path, Func<Request, Coroutine<Response>> handler, string? name = null) => Route("DELETE", path, handler, name);

    /// <summary>Enumerates the declared routes in order.</summary>
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One declared route.</summary>
    /// <param name="Method">The method.</param>
    /// <param name="Path">The path pattern.</param>
    /// <param name="Handler">The handler.</param>
    /// <param name="Name">The route's name, or null.</param>
    public sealed record Entry(string Method, string Path, Handler Handler, string? Name);
}
