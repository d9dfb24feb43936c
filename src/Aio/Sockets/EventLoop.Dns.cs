using System.Net;
using System.Net.Sockets;

namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Resolves a host and port (asyncio's <c>loop.getaddrinfo</c>) on the default executor, so the
    /// loop keeps running while the resolver waits on the network. A null or empty host means this
    /// machine's wildcard address for binding; a literal address is returned without a lookup.
    /// With <paramref name="type"/> left unknown there is an entry per socket type, stream, datagram and
    /// raw, as getaddrinfo(3) gives on Linux.
    /// </summary>
    /// <param name="host">A name or a literal address.</param>
    /// <param name="port">The port to put in each end point.</param>
    /// <param name="family">Only addresses of this family; unspecified gives IPv4 and IPv6.</param>
    /// <param name="type">Only entries for this socket type.</param>
    /// <param name="canonicalName">Fill in <see cref="AddressInfo.CanonicalName"/> (<c>AI_CANONNAME</c>).</param>
    /// <exception cref="SocketException">The name does not resolve (asyncio's <c>socket.gaierror</c>).</exception>
    public async Coroutine<IReadOnlyList<AddressInfo>> GetAddrInfoAsync(
        string? host,
        int port,
        AddressFamily family = AddressFamily.Unspecified,
        SocketType type = SocketType.Unknown,
        bool canonicalName = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (family is not (AddressFamily.Unspecified or AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"GetAddrInfoAsync resolves IP addresses; family {family} is not one", nameof(family));
        }

        (IPAddress[] addresses, string name) = await RunInExecutorAsync(null, () => Resolve(host, family, canonicalName));
        SocketType[] types = type == SocketType.Unknown ? [SocketType.Stream, SocketType.Dgram, SocketType.Raw] : [type];
        var entries = new List<AddressInfo>();
        foreach (IPAddress address in addresses)
        {
            if (family != AddressFamily.Unspecified && address.AddressFamily != family)
            {
                continue;
            }

            foreach (SocketType t in types)
            {
                ProtocolType protocol = t switch
                {
                    SocketType.Stream => ProtocolType.Tcp,
                    SocketType.Dgram => ProtocolType.Udp,
                    _ => ProtocolType.Unspecified,
                };
                entries.Add(new AddressInfo(address.AddressFamily, t, protocol, name, new IPEndPoint(address, port)));
            }
        }

        if (entries.Count == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return entries;
    }

    /// <summary>
    /// The host name and service for an address (asyncio's <c>loop.getnameinfo</c>), looked up on the
    /// default executor. The service is the port number as text (.NET has no services database
    /// lookup); with <paramref name="numericHost"/> the host is the address itself, unresolved.
    /// </summary>
    /// <exception cref="SocketException">The address has no name and <paramref name="numericHost"/> was not given.</exception>
    public async Coroutine<(string Host, string Service)> GetNameInfoAsync(IPEndPoint endPoint, bool numericHost = false)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        string service = endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (numericHost)
        {
            return (endPoint.Address.ToString(), service);
        }

        string host = await RunInExecutorAsync(null, () => Dns.GetHostEntry(endPoint.Address).HostName);
        return (host, service);
    }

    private static (IPAddress[] Addresses, string CanonicalName) Resolve(string? host, AddressFamily family, bool canonicalName)
    {
        if (string.IsNullOrEmpty(host))
        {
            // getaddrinfo(NULL, ..., AI_PASSIVE): the wildcard addresses, IPv4 first as Linux orders them.
            IPAddress[] any = family switch
            {
                AddressFamily.InterNetwork => [IPAddress.Any],
                AddressFamily.InterNetworkV6 => [IPAddress.IPv6Any],
                _ => [IPAddress.Any, IPAddress.IPv6Any],
            };
            return (any, string.Empty);
        }

        if (IPAddress.TryParse(host, out IPAddress? literal))
        {
            return ([literal], canonicalName ? host : string.Empty);
        }

        if (canonicalName)
        {
            IPHostEntry entry = Dns.GetHostEntry(host, family);
            return (entry.AddressList, entry.HostName);
        }

        return (Dns.GetHostAddresses(host, family), string.Empty);
    }
}
