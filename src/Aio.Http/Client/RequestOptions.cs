namespace Aio.Http.Client;

/// <summary>
/// The optional arguments of a request (aiohttp's keyword arguments of <c>session.request</c>):
/// <c>await session.GetAsync(url, new() { Query = [new("q", "aio")], Timeout = new(Total: 5) })</c>.
/// </summary>
public sealed class RequestOptions
{
    /// <summary>Query parameters appended to the URL's own (aiohttp's <c>params</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>>? Query { get; init; }

    /// <summary>Header fields added to the session's defaults, replacing those of the same name.</summary>
    public IEnumerable<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>The body (aiohttp's <c>data</c>): see <see cref="Payload"/> and <see cref="FormData"/>.</summary>
    public Payload? Body { get; init; }

    /// <summary>A value sent as JSON (aiohttp's <c>json</c>); not together with <see cref="Body"/>.</summary>
    public object? Json { get; init; }

    /// <summary>Follow redirects (true by default; aiohttp's <c>allow_redirects</c>).</summary>
    public bool AllowRedirects { get; init; } = true;

    /// <summary>Most redirects to follow (10 by default).</summary>
    public int MaxRedirects { get; init; } = 10;

    /// <summary>Time limits for this request instead of the session's.</summary>
    public ClientTimeout? Timeout { get; init; }

    /// <summary>Raise for 4xx/5xx statuses; null follows the session.</summary>
    public bool? RaiseForStatus { get; init; }

    /// <summary>Extra cookies for this request only.</summary>
    public IEnumerable<KeyValuePair<string, string>>? Cookies { get; init; }

    /// <summary>Middlewares for this request instead of the session's (aiohttp's per-request <c>middlewares</c>).</summary>
    public IReadOnlyList<ClientMiddleware>? Middlewares { get; init; }
}
