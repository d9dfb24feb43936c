using System.Net;
using System.Net.Sockets;

namespace Aio.Http.Client;

/// <summary>
/// Host name lookups off the loop thread, remembered for a short time (aiohttp's <c>ttl_dns_cache</c>).
/// Concurrent lookups of one name share one resolution.
/// </summary>
internal sealed class DnsCache
{
    private readonly Dictionary<string, (IPAddress[] Addresses, double Expires)> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Future<IPAddress[]>> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly double? _ttl;

    /// <param name="ttl">Seconds an answer is kept; null keeps it forever, zero disables the cache.</param>
    internal DnsCache(double? ttl) => _ttl = ttl;

    /// <summary>How many resolutions actually went to the system resolver (for tests).</summary>
    internal int Lookups { get; private set; }

    /// <summary>The addresses of <paramref name="host"/>; an address literal is returned as is.</summary>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    internal async Coroutine<IPAddress[]> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? literal))
        {
            return [literal];
        }

        EventLoop loop = Asyncio.GetRunningLoop();
        if (_ttl != 0 && _entries.TryGetValue(host, out var entry) && (_ttl is null || entry.Expires > loop.Time()))
        {
            return entry.Addresses;
        }

        if (_inFlight.TryGetValue(host, out Future<IPAddress[]>? pending))
        {
            return await Asyncio.Shield(pending);
        }

        Lookups++;
        Future<IPAddress[]> lookup = loop.RunInExecutorAsync(null, () => Dns.GetHostAddresses(host));
        _inFlight[host] = lookup;
        try
        {
            IPAddress[] found = await Asyncio.Shield(lookup);
            if (found.Length == 0)
            {
                throw new SocketException((int)SocketError.HostNotFound, $"{host} has no address");
            }

            if (_ttl != 0)
            {
                _entries[host] = (found, _ttl is double t ? loop.Time() + t : double.PositiveInfinity);
            }

            return found;
        }
        finally
        {
            if (lookup.IsDone)
            {
                _inFlight.Remove(host);
            }
            else
            {
                lookup.AddDoneCallback(_ => _inFlight.Remove(host));
            }
        }
    }

    /// <summary>Forgets one host, or every host.</summary>
    internal void Clear(string? host = null)
    {
        if (host is null)
        {
            _entries.Clear();
        }
        else
        {
            _entries.Remove(host);
        }
    }
}
