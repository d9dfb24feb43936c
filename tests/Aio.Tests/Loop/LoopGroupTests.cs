using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Aio.Tests.Support;

namespace Aio.Tests.Loop;

public class LoopGroupTests
{
    [Fact]
    public void TwoLoops_ShareOnePort_EachConnectionStaysOnTheLoopThatAcceptedIt()
    {
        int port = Loops.UnusedPort();
        var served = new ConcurrentDictionary<int, int>();
        var moved = new ConcurrentBag<string>();
        using var listening = new CountdownEvent(2);
        using var group = new LoopGroup(2);
        var runner = new Thread(() => group.Run(async index =>
        {
            AioServer server = await Asyncio.StartServer(
                async (reader, writer) =>
                {
                    int thread = Environment.CurrentManagedThreadId;
                    byte[] line = await reader.ReadLineAsync();
                    await Asyncio.Sleep(0.01);
                    if (Environment.CurrentManagedThreadId != thread)
                    {
                        moved.Add($"loop {index}");
                    }

                    served.AddOrUpdate(index, 1, (_, n) => n + 1);
                    writer.Write(System.Text.Encoding.ASCII.GetBytes($"{index}\n"));
                    writer.Close();
                    await writer.WaitClosedAsync();
                },
                "127.0.0.1",
                port,
                reusePort: true);
            listening.Signal();
            await server.ServeForeverAsync();
        }));
        runner.Start();
        Assert.True(listening.Wait(TimeSpan.FromSeconds(30)));

        var answers = new List<string>();
        for (int i = 0; i < 100; i++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(new IPEndPoint(IPAddress.Loopback, port));
            client.Send("hi\n"u8);
            using var stream = new NetworkStream(client);
            using var text = new StreamReader(stream);
            answers.Add(text.ReadLine()!);
        }

        group.Stop();
        Assert.True(runner.Join(TimeSpan.FromSeconds(30)));
        Assert.Empty(moved);
        Assert.All(answers, a => Assert.Contains(a, new[] { "0", "1" }));
        Assert.Equal(100, served.Values.Sum());
        Assert.Equal(2, served.Count);
    }

    [Fact]
    public void OneLoopFails_TheOthersAreStopped_AndRunThrowsTheFailure()
    {
        using var group = new LoopGroup(3);
        var error = Assert.Throws<AggregateException>(() => group.Run(async index =>
        {
            if (index == 1)
            {
                await Asyncio.Sleep(0.01);
                throw new InvalidOperationException("loop 1 failed");
            }

            await Asyncio.Sleep(3600);
        }));
        Assert.Equal("loop 1 failed", Assert.Single(error.InnerExceptions).Message);
    }

    [Fact]
    public void Constructor_NonPositiveCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoopGroup(-1));
    }
}
