using System.Net;
using System.Net.Sockets;

namespace Aio;

/// <summary>
/// One entry of <see cref="EventLoop.GetAddrInfoAsync"/>'s answer: asyncio's
/// <c>(family, type, proto, canonname, sockaddr)</c> tuple.
/// </summary>
/// <param name="Family">The address family: <see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</param>
/// <param name="Type">The socket type this entry is for.</param>
/// <param name="Protocol">The protocol for that socket type (TCP for streams, UDP for datagrams).</param>
/// <param name="CanonicalName">The host's canonical name when asked for (<c>AI_CANONNAME</c>), else empty.</param>
/// <param name="EndPoint">The address and port to connect or bind to.</param>
public sealed record AddressInfo(AddressFamily Family, SocketType Type, ProtocolType Protocol, string CanonicalName, IPEndPoint EndPoint);
