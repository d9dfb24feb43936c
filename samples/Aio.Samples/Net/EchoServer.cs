using Aio.Python;
using System.Text;

namespace Aio.Samples.Net;

/// <summary>asyncio's "TCP echo server using streams" example: echo one message per connection.</summary>
public static class EchoServer
{
    public static void Run(int port) => Asyncio.Run(Main(port));

    private static async Coroutine HandleEcho(AioStreamReader reader, AioStreamWriter writer)
    {
        byte[] data = await reader.ReadAsync(100);
        string message = Encoding.UTF8.GetString(data);
        object? addr = writer.GetExtraInfo("peername");
        Console.WriteLine($"Received {PyFormat.Repr(message)} from {addr}");

        Console.WriteLine($"Send: {PyFormat.Repr(message)}");
        writer.Write(data);
        await writer.DrainAsync();

        Console.WriteLine("Close the connection");
        writer.Close();
        await writer.WaitClosedAsync();
    }

    private static async Coroutine Main(int port)
    {
        AioServer server = await Asyncio.StartServer(HandleEcho, "127.0.0.1", port);
        string addrs = string.Join(", ", server.Sockets.Select(s => s.LocalEndPoint));
        Console.WriteLine($"Serving on {addrs}");
        Console.Out.Flush();

        await using (server)
        {
            await server.ServeForeverAsync();
        }
    }
}
