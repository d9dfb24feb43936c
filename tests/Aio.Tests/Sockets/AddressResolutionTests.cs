using System.Net;
using System.Net.Sockets;
using Aio.Python;
using Aio.Tests.Support;

namespace Aio.Tests.Sockets;

/// <summary><c>loop.getaddrinfo</c>/<c>getnameinfo</c>: the same entries as CPython, resolved off the loop thread.</summary>
public class AddressResolutionTests
{
    private static string Family(AddressFamily f) => f switch
    {
        AddressFamily.InterNetwork => "AF_INET",
        AddressFamily.InterNetworkV6 => "AF_INET6",
        _ => f.ToString(),
    };

    private static string Type(SocketType t) => t switch
    {
        SocketType.Stream => "SOCK_STREAM",
        SocketType.Dgram => "SOCK_DGRAM",
        SocketType.Raw => "SOCK_RAW",
        _ => t.ToString(),
    };

    private static string Addr(IPEndPoint e) => PyFormat.Repr((e.Address.ToString(), e.Port));

    [Fact]
    public void GetAddrInfo_GetNameInfo_AnswerAsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            foreach (AddressInfo a in await loop.GetAddrInfoAsync("127.0.0.1", 8080))
            {
                trace.Add($"{Family(a.Family)} {Type(a.Type)} {(int)a.Protocol} {PyFormat.Repr(a.CanonicalName)} {Addr(a.EndPoint)}");
            }

            foreach (AddressInfo a in await loop.GetAddrInfoAsync("localhost", 80, AddressFamily.InterNetwork, SocketType.Stream))
            {
                trace.Add($"{Family(a.Family)} {Type(a.Type)} {(int)a.Protocol} {Addr(a.EndPoint)}");
            }

            trace.Add(PyFormat.Repr(await loop.GetNameInfoAsync(new IPEndPoint(IPAddress.Loopback, 8080), numericHost: true)));
            try
            {
                await loop.GetAddrInfoAsync("no-such-host.invalid", 80);
            }
            catch (SocketException)
            {
                trace.Add("gaierror");
            }
        });
        Twin.AssertSame("getaddrinfo", trace);
    }

    [Fact]
    public void GetAddrInfo_RunsOffTheLoopThread_AndRejectsBadArguments()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            int loopThread = Environment.CurrentManagedThreadId;
            IReadOnlyList<AddressInfo> any = await loop.GetAddrInfoAsync(null, 0, AddressFamily.InterNetwork, SocketType.Stream);
            Assert.Equal(IPAddress.Any, Assert.Single(any).EndPoint.Address);
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId); // resumed on the loop
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await loop.GetAddrInfoAsync("localhost", 70000));
            await Assert.ThrowsAsync<ArgumentException>(async () => await loop.GetAddrInfoAsync("localhost", 1, AddressFamily.Unix));
        });
    }
}
