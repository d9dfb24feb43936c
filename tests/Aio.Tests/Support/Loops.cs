using System.Net;
using System.Net.Sockets;

namespace Aio.Tests.Support;

/// <summary>Runs test bodies on a virtual-time loop with a chosen reactor, and makes connected socket pairs.</summary>
internal static class Loops
{
    public static EventLoop New(ReactorKind reactor) =>
        new(new VirtualClock { DeadlockTimeout = VirtualTime.DeadlockTimeout }, reactor);

    public static void Run(ReactorKind reactor, Func<Task> main) => Asyncio.Run(main, loopFactory: () => New(reactor));

    public static T Run<T>(ReactorKind reactor, Func<Task<T>> main) => Asyncio.Run(main, loopFactory: () => New(reactor));

    public static void Run(ReactorKind reactor, Coroutine main) => Asyncio.Run(main, loopFactory: () => New(reactor));

    /// <summary>Two connected, non-blocking TCP sockets on loopback.</summary>
    public static (Socket A, Socket B) SocketPair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        a.Connect(listener.LocalEndPoint!);
        Socket b = listener.Accept();
        a.Blocking = false;
        b.Blocking = false;
        a.NoDelay = true;
        b.NoDelay = true;
        return (a, b);
    }

    /// <summary>A non-blocking listening socket on a free loopback port.</summary>
    public static Socket Listener(int backlog = 100)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        listener.Blocking = false;
        return listener;
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int UnusedPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
