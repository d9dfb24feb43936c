using System.Text;
using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

/// <summary>
/// A seeded, reproducible fuzz run: thousands of mutated and random requests against one server. No
/// handler crash, every answer a 2xx to a request that parsed or a 4xx/5xx to one that did not (or a
/// silent close when nothing answerable arrived), and valid requests are served throughout.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Seeds =
    [
        "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "GET /plaintext?x=1 HTTP/1.0\r\nConnection: keep-alive\r\nCookie: a=b\r\n\r\n",
        "HEAD /plaintext HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
    ];

    private static readonly string[] Tokens = ["\r\n", "\r", "\n", " ", "\t", ":", "\0", "Content-Length: 3\r\n", "Transfer-Encoding: chunked\r\n", ";", ",", "0", "ffffffffffffffffffff", "HTTP/1.1", "\u00ff", "\u007f", "%00", "../"];

    [Theory]
    [InlineData(20261203, 3000)]
    public void RandomAndMutatedRequests_NeverCrashTheServer(int seed, int count)
    {
        var random = new Random(seed);
        var errors = new List<string>();
        int served = 0;
        int refused = 0;
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.SetExceptionHandler((_, context) => errors.Add(context.Message + ": " + context.Exception));
            for (int i = 0; i < count; i++)
            {
                byte[] request = Mutate(random, Seeds[random.Next(Seeds.Length)]);
                using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
                client.Send(request);
                client.Send("\r\n\r\n");
                RawResponse? response;
                try
                {
                    response = await Asyncio.WaitFor(client.ReadResponseAsync(), 60);
                }
                catch (Aio.Http.Protocol.HttpParseException)
                {
                    // A HEAD-like response parsed as GET, or a body cut by the close: the server still answered.
                    response = null;
                }

                if (response is not null)
                {
                    Assert.InRange(response.Status, 200, 505);
                    if (response.Status >= 400)
                    {
                        refused++;
                    }
                    else
                    {
                        served++;
                    }
                }

                if (i % 100 == 0)
                {
                    using RawHttpClient check = await RawHttpClient.ConnectAsync(server.Port);
                    check.Send(Seeds[1]);
                    Assert.Equal("hello", (await check.ReadResponseAsync("POST"))!.Text);
                }
            }
        }, new Aio.Http.Server.HttpServerOptions { HeaderReadTimeout = TimeSpan.FromSeconds(5), BodyReadTimeout = TimeSpan.FromSeconds(5) });
        Assert.Empty(errors);
        Assert.True(served > 100, $"served {served}");
        Assert.True(refused > 100, $"refused {refused}");
    }

    private static byte[] Mutate(Random random, string seed)
    {
        if (random.Next(10) == 0)
        {
            byte[] noise = new byte[random.Next(1, 200)];
            random.NextBytes(noise);
            return noise;
        }

        var text = new StringBuilder(seed);
        int edits = random.Next(0, 4);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(4))
            {
                case 0:
                    text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 1 when at < text.Length:
                    text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at));
                    break;
                case 2 when at < text.Length:
                    text[at] = (char)random.Next(256);
                    break;
                default:
                    text.Insert(at, new string((char)random.Next(32, 127), random.Next(1, 10)));
                    break;
            }
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }
}
