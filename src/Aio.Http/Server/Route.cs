namespace Aio.Http.Server;

/// <summary>A method and handler on a resource (aiohttp's <c>ResourceRoute</c>).</summary>
public sealed class Route
{
    internal Route(string method, Resource resource, Handler handler)
    {
        Method = method;
        Resource = resource;
        Handler = handler;
    }

    /// <summary>The method, or <c>*</c> for any.</summary>
    public string Method { get; }

    /// <summary>The resource (path pattern) the route belongs to.</summary>
    public Resource Resource { get; }

    /// <summary>The handler.</summary>
    public Handler Handler { get; }

    /// <summary>The resource's name, or null.</summary>
    public string? Name => Resource.Name;

    /// <summary>Describes the route.</summary>
    public override string ToString() => $"<Route {Method} {Resource.Pattern} -> {ResponseHandler.NameOf(Handler)}>";
}
