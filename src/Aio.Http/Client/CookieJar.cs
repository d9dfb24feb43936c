using System.Net;

namespace Aio.Http.Client;

/// <summary>
/// The cookies a session keeps (aiohttp's <c>CookieJar</c>): stored from <c>Set-Cookie</c> of every
/// response, redirects included, and sent back to matching URLs (domain, path, <c>Secure</c>, expiry).
/// As in aiohttp, cookies from hosts named by IP address are ignored unless the jar is made with
/// <c>allowIpHosts: true</c> (aiohttp's <c>unsafe=True</c>).
/// </summary>
/// <remarks>Storage and RFC 6265 matching are <see cref="CookieContainer"/>'s; expiry follows the wall clock, not the loop's.</remarks>
public sealed class CookieJar
{
    private readonly CookieContainer _container = new() { PerDomainCapacity = 50, Capacity = 3000 };

    /// <summary>Creates a jar.</summary>
    /// <param name="allowIpHosts">Keep cookies from <c>http://127.0.0.1/</c>-style URLs (aiohttp's <c>unsafe</c>).</param>
    public CookieJar(bool allowIpHosts = false) => AllowIpHosts = allowIpHosts;

    /// <summary>Whether cookies from IP-address hosts are kept.</summary>
    public bool AllowIpHosts { get; }

    /// <summary>How many cookies the jar holds.</summary>
    public int Count => _container.Count;

    /// <summary>Stores the cookies of one <c>Set-Cookie</c> header received from <paramref name="url"/>; malformed ones are dropped.</summary>
    public void Update(Uri url, string setCookieHeader)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(setCookieHeader);
        if (!AllowIpHosts && url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return;
        }

        try
        {
            _container.SetCookies(url, setCookieHeader);
        }
        catch (CookieException)
        {
            // A malformed cookie is ignored, as browsers and aiohttp do.
        }
    }

    /// <summary>Stores a cookie for <paramref name="url"/> (aiohttp's <c>update_cookies</c>).</summary>
    public void Add(Uri url, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(url);
        _container.Add(url, new Cookie(name, value));
    }

    /// <summary>The <c>Cookie</c> header for a request to <paramref name="url"/>, or null if no cookie matches.</summary>
    public string? HeaderFor(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string header = _container.GetCookieHeader(url);
        return header.Length == 0 ? null : header;
    }

    /// <summary>The cookies that would be sent to <paramref name="url"/>.</summary>
    public IReadOnlyList<Cookie> For(Uri url) => [.. _container.GetCookies(url).Cast<Cookie>()];

    /// <summary>Every cookie in the jar.</summary>
    public IReadOnlyList<Cookie> All() => [.. _container.GetAllCookies().Cast<Cookie>()];

    /// <summary>Removes every cookie (aiohttp's <c>clear</c>).</summary>
    public void Clear()
    {
        foreach (Cookie c in _container.GetAllCookies())
        {
            c.Expired = true;
        }
    }
}
