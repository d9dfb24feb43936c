using Aio.Python;
using System.Text;

namespace Aio.Samples.Net;

/// <summary>asyncio's "TCP echo client using streams" example: <c>asyncio.open_connection</c>, send, read the echo.</summary>
public static class EchoClient
{
    public static void Run(string message, int port) => Asyncio.Run(TcpEchoClient(message, port));

    private static async Coroutine TcpEchoClient(string message, int port)
    {
        (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", port);

        Console.WriteLine($"Send: {PyFormat.Repr(message)}");
        writer.Write(Encoding.UTF8.GetBytes(message));
        await writer.DrainAsync();

        byte[] data = await reader.ReadAsync(100);
        Console.WriteLine($"Received: {PyFormat.Repr(Encoding.UTF8.GetString(data))}");

        Console.WriteLine("Close the connection");
        writer.Close();
        await writer.WaitClosedAsync();
    }
}
