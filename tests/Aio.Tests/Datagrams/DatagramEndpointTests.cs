using Aio.Python;
using System.Net;
using System.Net.Sockets;
using Aio.Tests.Support;

namespace Aio.Tests.Datagrams;

public class DatagramEndpointTests
{
    [Fact]
    public void DatagramEndpoint_EchoConnectedAndErrors_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            (DatagramTransport server, _) = await loop.CreateDatagramEndpointAsync(() => new Echo(), localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)server.GetExtraInfo("sockname")!).Port;
            var done = loop.CreateFuture<List<byte[]>>();
            (DatagramTransport client, _) = await loop.CreateDatagramEndpointAsync(() => new Client(trace, 3, done), remoteAddress: new IPEndPoint(IPAddress.Loopback, port));
            trace.Add($"peername is the server: {PyFormat.Repr(((IPEndPoint)client.GetExtraInfo("peername")!).Port == port)}");
            foreach (string msg in new[] { "one", "two", "three" })
            {
                client.SendTo(System.Text.Encoding.ASCII.GetBytes(msg));
            }

            List<byte[]> got = await done;
            trace.Add($"received [{string.Join(", ", got.Select(g => PyFormat.Bytes(g)).Order(StringComparer.Ordinal))}]");
            try
            {
                client.SendTo("x"u8, new IPEndPoint(IPAddress.Loopback, 9));
            }
            catch (ArgumentException)
            {
                trace.Add("sendto another address: ValueError");
            }

            server.Close();
            await Asyncio.Sleep(0.1);
            client.SendTo("to nobody"u8);
            await Asyncio.Sleep(0.1);
            trace.Add($"still open after the error: {PyFormat.Repr(!client.IsClosing)}");
            client.Close();
            await Asyncio.Sleep(0);
            trace.Add($"write buffer {client.GetWriteBufferSize()}");
            (DatagramTransport unconnected, _) = await loop.CreateDatagramEndpointAsync(() => new Echo(), localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            unconnected.Close();
        });
        Twin.AssertSame("datagram_endpoint", trace);
    }

    [Fact]
    public void Unconnected_SendToEachPeer_RepliesComeBackWithTheirAddress()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            (DatagramTransport server, _) = await loop.CreateDatagramEndpointAsync(() => new Echo(), localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            var serverAddress = (IPEndPoint)server.GetExtraInfo("sockname")!;
            var done = loop.CreateFuture<List<(string, EndPoint)>>();
            var replies = new List<(string, EndPoint)>();
            (DatagramTransport client, _) = await loop.CreateDatagramEndpointAsync(
                () => new Collect(replies, 200, done),
                localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            Assert.Throws<ArgumentException>(() => client.SendTo("no address"u8));
            for (int i = 0; i < 200; i++)
            {
                client.SendTo(System.Text.Encoding.ASCII.GetBytes($"m{i}"), serverAddress);
            }

            List<(string Text, EndPoint From)> all = await done;
            Assert.Equal(200, all.Select(r => r.Text).Distinct().Count());
            Assert.All(all, r => Assert.Equal(serverAddress, r.From));
            client.Close();
            server.Close();
        });
    }

    [Fact]
    public void CreateDatagramEndpoint_NoAddress_ThrowsArgumentException()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            await Assert.ThrowsAsync<ArgumentException>(async () => await loop.CreateDatagramEndpointAsync(() => new Echo()));
        });
    }

    private sealed class Echo : DatagramProtocol
    {
        private DatagramTransport? _t;

        public override void ConnectionMade(DatagramTransport transport) => _t = transport;

        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint address) =>
            _t!.SendTo(System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(data).ToUpperInvariant()), address);
    }

    private sealed class Client(List<string> trace, int want, Future<List<byte[]>> done) : DatagramProtocol
    {
        private readonly List<byte[]> _got = [];

        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint address)
        {
            _got.Add(data.ToArray());
            if (_got.Count == want)
            {
                done.SetResult(_got);
            }
        }

        public override void ErrorReceived(Exception exception) =>
            trace.Add($"error_received {(exception is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? "ConnectionRefusedError" : exception.GetType().Name)}");

        public override void ConnectionLost(Exception? exception) => trace.Add($"client connection_lost {PyFormat.Repr(exception)}");
    }

    private sealed class Collect(List<(string, EndPoint)> replies, int want, Future<List<(string, EndPoint)>> done) : DatagramProtocol
    {
        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint address)
        {
            replies.Add((System.Text.Encoding.ASCII.GetString(data), address));
            if (replies.Count == want)
            {
                done.SetResult(replies);
            }
        }
    }
}
