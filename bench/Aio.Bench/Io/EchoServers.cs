using System.Net;

namespace Aio.Bench.Io;

/// <summary>
/// Aio's echo servers for the TCP echo benchmark, written as the peers in <c>bench/peers/py_echo.py</c>
/// are: the protocol API echoes each <c>DataReceived</c> with one <c>Write</c>; the streams API reads up
/// to 100 KiB and writes it back (no drain, as the peer). Prints <c>ready</c> once listening.
/// </summary>
internal static class EchoServers
{
    public static int Run(string[] args)
    {
        int port = 9000;
        string api = "streams";
        int loops = 1;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port":
                    port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--api":
                    api = args[++i];
                    break;
                case "--loops":
                    loops = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine("usage: echo-server [--port N] [--api streams|protocol] [--loops N]");
                    return 2;
            }
        }

        if (api is not ("streams" or "protocol"))
        {
            Console.Error.WriteLine($"unknown api '{api}': streams or protocol");
            return 2;
        }

        if (loops == 1)
        {
            Asyncio.Run(Serve(api, port, reusePort: false, announce: true));
            return 0;
        }

        return LoopGroupEcho.Run(api, port, loops);
    }

    /// <summary>Listens and serves until cancelled; prints <c>ready</c> when listening if <paramref name="announce"/>.</summary>
    internal static async Coroutine Serve(string api, int port, bool reusePort, bool announce)
    {
        EventLoop loop = Asyncio.GetRunningLoop();
        AioServer server = api == "protocol"
            ? await loop.CreateServerAsync(() => new EchoProtocol(), "127.0.0.1", port, backlog: 1024, reusePort: reusePort)
            : await Asyncio.StartServer(HandleStream, "127.0.0.1", port, limit: 1 << 20, backlog: 1024, reusePort: reusePort);
        if (announce)
        {
            Console.WriteLine($"ready {((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port}");
            Console.Out.Flush();
        }

        await server.ServeForeverAsync();
    }

    private static async Coroutine HandleStream(AioStreamReader reader, AioStreamWriter writer)
    {
        while (true)
        {
            byte[] data = await reader.ReadAsync(102400);
            if (data.Length == 0)
            {
                break;
            }

            writer.Write(data);
        }

        writer.Close();
    }

    private sealed class EchoProtocol : Protocol
    {
        private Transport? _transport;

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
    }
}
