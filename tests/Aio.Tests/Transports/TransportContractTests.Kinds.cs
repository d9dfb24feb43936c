using System.IO.Pipes;
using System.Net;
using Aio.Tests.Support;

namespace Aio.Tests.Transports;

/// <summary>The socket transport, with a <see cref="Protocol"/>; the peer is the server's side of a loopback connection.</summary>
public class SocketTransportContractTests : TransportContractTests
{
    protected override string[] ExtraInfoKeys => ["socket", "sockname", "peername"];

    /// <summary>The TLS options of both ends, or null for plain TCP.</summary>
    private protected virtual (System.Net.Security.SslServerAuthenticationOptions Server, System.Net.Security.SslClientAuthenticationOptions Client)? Tls => null;

    private protected override async Coroutine<Pair> OpenAsync(EventLoop loop)
    {
        var theirs = new Record(loop);
        var accepted = loop.CreateFuture<bool>();
        AioServer server = await loop.CreateServerAsync(
            () => new Accepted(theirs, accepted), "127.0.0.1", 0, ssl: Tls?.Server);
        int port = ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
        var mine = new Record(loop);
        (Transport transport, _) = await loop.CreateConnectionAsync(() => Recorder(mine), Tls is null ? "127.0.0.1" : "localhost", port, ssl: Tls?.Client);
        await Asyncio.WaitFor(accepted, 10);
        return new Pair(transport, mine, theirs.Transport, theirs, server.Close);
    }

    private sealed class Accepted(Record record, Future<bool> accepted) : Protocol
    {
        private readonly StreamRecorder _inner = new(record);

        public override void ConnectionMade(Transport transport)
        {
            _inner.ConnectionMade(transport);
            accepted.TrySetResult(true);
        }

        public override void DataReceived(ReadOnlySpan<byte> data) => _inner.DataReceived(data);

        public override void ConnectionLost(Exception? exception) => _inner.ConnectionLost(exception);
    }
}

/// <summary>The socket transport receiving into a <see cref="BufferedProtocol"/>.</summary>
public sealed class SocketTransportBufferedContractTests : SocketTransportContractTests
{
    protected override bool Buffered => true;
}

/// <summary>TLS over the socket transport, with a <see cref="Protocol"/>; the peer is a TLS server's side.</summary>
public class TlsTransportContractTests : SocketTransportContractTests
{
    protected override string[] ExtraInfoKeys => ["socket", "sockname", "peername", "sslcontext", "ssl_object", "peercert", "cipher"];

    private protected override (System.Net.Security.SslServerAuthenticationOptions Server, System.Net.Security.SslClientAuthenticationOptions Client)? Tls =>
        (TestCertificates.Server(), TestCertificates.Client());
}

/// <summary>TLS with a <see cref="BufferedProtocol"/>: decrypted bytes are copied into the protocol's small buffers.</summary>
public sealed class TlsTransportBufferedContractTests : TlsTransportContractTests
{
    protected override bool Buffered => true;
}

/// <summary>The write end of a pipe; the peer is a read-pipe transport on the other end.</summary>
public sealed class WritePipeTransportContractTests : TransportContractTests
{
    protected override bool Reads => false;

    protected override string[] ExtraInfoKeys => ["pipe"];

    private protected override async Coroutine<Pair> OpenAsync(EventLoop loop)
    {
        (int read, int write) = PipeFds.Create();
        var theirs = new Record(loop);
        (Transport peer, _) = await loop.ConnectReadPipeAsync(() => new StreamRecorder(theirs), read);
        var mine = new Record(loop);
        (Transport transport, _) = await loop.ConnectWritePipeAsync(() => Recorder(mine), write);
        return new Pair(transport, mine, peer, theirs);
    }
}

/// <summary>The read end of a pipe; the peer is a write-pipe transport on the other end.</summary>
public sealed class ReadPipeTransportContractTests : TransportContractTests
{
    protected override bool Writes => false;

    protected override string[] ExtraInfoKeys => ["pipe"];

    private protected override async Coroutine<Pair> OpenAsync(EventLoop loop)
    {
        (int read, int write) = PipeFds.Create();
        var theirs = new Record(loop);
        (Transport peer, _) = await loop.ConnectWritePipeAsync(() => new StreamRecorder(theirs), write);
        var mine = new Record(loop);
        (Transport transport, _) = await loop.ConnectReadPipeAsync(() => new StreamRecorder(mine), read);
        return new Pair(transport, mine, peer, theirs);
    }
}

/// <summary>A connected UDP endpoint; the peer is the endpoint it is connected to.</summary>
public sealed class DatagramTransportContractTests : TransportContractTests
{
    protected override bool Reads => false;

    protected override bool Buffers => false;

    protected override string[] ExtraInfoKeys => ["socket", "sockname", "peername"];

    private protected override async Coroutine<Pair> OpenAsync(EventLoop loop)
    {
        var theirs = new Record(loop);
        (DatagramTransport peer, _) = await loop.CreateDatagramEndpointAsync(() => new DatagramRecorder(theirs), localAddress: new IPEndPoint(IPAddress.Loopback, 0));
        var mine = new Record(loop);
        (DatagramTransport transport, _) = await loop.CreateDatagramEndpointAsync(
            () => new DatagramRecorder(mine), remoteAddress: (EndPoint)peer.GetExtraInfo("sockname")!);
        return new Pair(transport, mine, peer, theirs);
    }

    private protected override async Coroutine PeerHearsTheEnd(Pair pair) => await Asyncio.Sleep(0.1);

    private protected override void Write(BaseTransport transport, ReadOnlySpan<byte> data) => ((DatagramTransport)transport).SendTo(data);

    private protected override int BufferSize(BaseTransport transport) => ((DatagramTransport)transport).GetWriteBufferSize();

    private protected override void Abort(BaseTransport transport) => ((DatagramTransport)transport).Abort();

    private protected override (int Low, int High) Limits(BaseTransport transport) => ((DatagramTransport)transport).GetWriteBufferLimits();

    private protected override void SetLimits(BaseTransport transport, int? high, int? low) => ((DatagramTransport)transport).SetWriteBufferLimits(high, low);

    private sealed class DatagramRecorder(Record record) : DatagramProtocol
    {
        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint address) => record.OnReceived(data.Length);

        public override void ConnectionLost(Exception? exception) => record.OnLost(exception);
    }
}

/// <summary>The two descriptors of a fresh pipe, owned by the caller (handed to transports, which close them).</summary>
internal static class PipeFds
{
    public static (int Read, int Write) Create()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        int read = (int)pipe.SafePipeHandle.DangerousGetHandle();
        int write = (int)pipe.ClientSafePipeHandle.DangerousGetHandle();

        // Detach both from .NET: from here the transports own the descriptors.
        pipe.SafePipeHandle.SetHandleAsInvalid();
        pipe.ClientSafePipeHandle.SetHandleAsInvalid();
        return (read, write);
    }
}
