using System.Net;

namespace Aio.Tests.Datagrams;

/// <summary>Datagram destinations as the caller gives them.</summary>
public class DatagramAddressTests
{
    [Fact]
    public void Datagram_CallerReusesOneEndpointWithANewPort_TheDatagramGoesToTheNewPort()
    {
        (int atA, int atB) = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            var countA = new Counter();
            var countB = new Counter();
            (DatagramTransport a, _) = await loop.CreateDatagramEndpointAsync(() => countA, localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            (DatagramTransport b, _) = await loop.CreateDatagramEndpointAsync(() => countB, localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            (DatagramTransport sender, _) = await loop.CreateDatagramEndpointAsync(() => new Counter(), localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            var destination = new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)a.GetExtraInfo("sockname")!).Port);
            sender.SendTo("to a"u8, destination);
            destination.Port = ((IPEndPoint)b.GetExtraInfo("sockname")!).Port;
            sender.SendTo("to b"u8, destination);
            await Asyncio.Sleep(0.1);
            a.Close();
            b.Close();
            sender.Close();
            return (countA.Received, countB.Received);
        });
        Assert.Equal((1, 1), (atA, atB));
    }

    private sealed class Counter : DatagramProtocol
    {
        public int Received { get; private set; }

        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint address) => Received++;
    }
}
