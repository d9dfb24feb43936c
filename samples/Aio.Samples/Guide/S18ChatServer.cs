using System.Net;
using System.Text;

namespace Aio.Samples.Guide;

/// <summary>The guide's chat server, driven by two scripted clients on loopback so that its output can be compared.</summary>
public static class S18ChatServer
{
    private static readonly List<AioStreamWriter> Clients = [];

    public static void Run() => Asyncio.Run(Main());

    private static async Coroutine HandleClient(AioStreamReader reader, AioStreamWriter writer)
    {
        Clients.Add(writer);
        while (true)
        {
            byte[] data = await reader.ReadAsync(100);
            if (data.Length == 0)
            {
                writer.Close();
                await writer.WaitClosedAsync();
                Clients.Remove(writer);
                break;
            }

            foreach (AioStreamWriter client in Clients)
            {
                client.Write(data);
                await client.DrainAsync();
            }
        }
    }

    private static async Coroutine Client(string name, int port, string[] lines, int seen)
    {
        (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", port);
        await Asyncio.Sleep(0.1);
        foreach (string line in lines)
        {
            writer.Write(Encoding.UTF8.GetBytes($"{name}: {line}\n"));
            await writer.DrainAsync();
            await Asyncio.Sleep(0.2);
        }

        await Asyncio.Sleep(0.3);
        var data = new List<byte>();
        while (data.Count(b => b == '\n') < seen)
        {
            data.AddRange(await reader.ReadAsync(100));
        }

        writer.Close();
        await writer.WaitClosedAsync();
        Console.WriteLine($"{name} received:");
        foreach (string l in Encoding.UTF8.GetString(data.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.WriteLine($"  {l}");
        }
    }

    private static async Coroutine Main()
    {
        AioServer server = await Asyncio.StartServer(HandleClient, "127.0.0.1", 0);
        int port = ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
        await using (server)
        {
            await Asyncio.Gather(
                Client("alice", port, ["hi", "how are you?"], 3),
                Client("bob", port, ["hello"], 3));
        }
    }
}
