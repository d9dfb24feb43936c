using Aio.Http.Protocol;
namespace Aio.Http.Client;

/// <summary>How a redirect is followed (RFC 9110 §15.4, as aiohttp and browsers do it).</summary>
internal static class RedirectPolicy
{
    /// <summary>Whether the status asks the client to go elsewhere.</summary>
    internal static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    /// <summary>
    /// The next hop's request: 303 turns any method but HEAD into GET, 301 and 302 turn POST into GET
    /// (the historical behaviour RFC 9110 allows), and then the body is dropped; 307 and 308 keep the
    /// method and body. Credentials (<c>Authorization</c>) do not follow to another origin, and the
    /// <c>Cookie</c> header is rebuilt from the jar for the new URL.
    /// </summary>
    /// <exception cref="InvalidUrlError">The <c>Location</c> is not an http(s) URL.</exception>
    internal static ClientRequest Follow(ClientRequest request, ClientResponse response, string location)
    {
        if (!Uri.TryCreate(response.Url, location, out Uri? target))
        {
            throw new InvalidUrlError(location, "the redirect's Location is not a URL");
        }

        // A fragment of the original URL is kept when the Location has none (RFC 9110 §10.2.2).
        UrlBuilder.Check(target, location);
        string method = request.Method;
        Payload? body = request.Body;
        if ((response.Status == 303 && method != "HEAD") || (response.Status is 301 or 302 && method == "POST"))
        {
            method = method == "HEAD" ? "HEAD" : "GET";
            body = null;
        }

        HttpHeaders headers = new HttpHeaders(request.Headers);
        headers.Remove("Cookie");
        headers.Remove("Host");
        if (body is null)
        {
            headers.Remove("Content-Type");
            headers.Remove("Content-Length");
            headers.Remove("Transfer-Encoding");
        }

        if (!SameOrigin(request.Url, target))
        {
            headers.Remove("Authorization");
        }

        return new ClientRequest(method, target, headers, body, request.Timeout) { Deadline = request.Deadline };
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);
}
