using System.Text;

namespace Aio.Http.Client;

/// <summary>URL joining and query building, as aiohttp (through yarl) does it.</summary>
internal static class UrlBuilder
{
    /// <summary>
    /// The absolute URL of a request: <paramref name="url"/> resolved against <paramref name="baseUrl"/>,
    /// with <paramref name="query"/> appended to any query it already has.
    /// </summary>
    /// <exception cref="InvalidUrlError">Not absolute (and no base URL), not http(s), or no host.</exception>
    internal static Uri Build(Uri? baseUrl, string url, IEnumerable<KeyValuePair<string, string>>? query)
    {
        ArgumentNullException.ThrowIfNull(url);
        Uri uri;
        if (baseUrl is not null && !IsAbsolute(url))
        {
            if (!Uri.TryCreate(baseUrl, url, out Uri? joined))
            {
                throw new InvalidUrlError(url, "cannot be joined to the base URL");
            }

            uri = joined;
        }
        else if (!IsAbsolute(url) || !Uri.TryCreate(url, UriKind.Absolute, out Uri? absolute))
        {
            throw new InvalidUrlError(url, "not an absolute URL (and the session has no base URL)");
        }
        else
        {
            uri = absolute;
        }

        return WithQuery(Check(uri, url), query);
    }

    /// <summary>
    /// Whether <paramref name="url"/> names a scheme. (On Unix, <see cref="Uri"/> takes <c>/path</c> for an
    /// absolute <c>file://</c> URL; a request path must stay relative.)
    /// </summary>
    internal static bool IsAbsolute(string url)
    {
        int colon = url.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && url.AsSpan(0, colon).IndexOfAny('/', '?', '#') < 0;
    }

    /// <summary>Checks that a URL can be requested.</summary>
    internal static Uri Check(Uri uri, string? original = null)
    {
        if (uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidUrlError(original ?? uri.OriginalString, $"scheme '{uri.Scheme}' is not http or https");
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidUrlError(original ?? uri.OriginalString, "no host");
        }

        return uri;
    }

    /// <summary>The URL with <paramref name="query"/> appended to its query string.</summary>
    internal static Uri WithQuery(Uri uri, IEnumerable<KeyValuePair<string, string>>? query)
    {
        if (query is null)
        {
            return uri;
        }

        var text = new StringBuilder(uri.Query.TrimStart('?'));
        foreach ((string key, string value) in query)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(QueryEncode(key)).Append('=').Append(QueryEncode(value));
        }

        return new UriBuilder(uri) { Query = text.ToString() }.Uri;
    }

    /// <summary>The <c>Host</c> header value: the port is left out when it is the scheme's default.</summary>
    internal static string HostHeader(Uri uri)
    {
        string host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost.Trim('[', ']')}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
    }

    /// <summary>The request target of the request line: path and query, never empty.</summary>
    internal static string Target(Uri uri)
    {
        string target = uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        return target.Length == 0 ? "/" : target;
    }

    /// <summary>Percent-encodes a query component (spaces as <c>%20</c>, as yarl does).</summary>
    internal static string QueryEncode(string value) => Uri.EscapeDataString(value);

    /// <summary>Encodes a form field as <c>application/x-www-form-urlencoded</c> (spaces as <c>+</c>).</summary>
    internal static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
}
