using Aio.Http.Server;
using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

public sealed class SiteTests
{
    [Fact]
    public void UnixSite_ServesOverAUnixSocket()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aio-http-{Guid.NewGuid():N}.sock");
        VirtualTime.Run(async () =>
        {
            var runner = new AppRunner(Handlers.Echo());
            await runner.SetupAsync();
            var site = new UnixSite(runner, path);
            await site.StartAsync();
            using (RawHttpClient client = await RawHttpClient.ConnectUnixAsync(path))
            {
                client.Send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse response = (await client.ReadResponseAsync())!;
                Assert.Equal("Hello, World!", response.Text);
            }

            await runner.CleanupAsync();
        });
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void RunAppAsync_ServesOnLoopbackUntilCancelled_ThenCleansUp()
    {
        var log = new List<string>();
        Application app = Handlers.Echo();
#pragma warning disable CS1998
        app.OnCleanup.Add(async _ => log.Add("cleanup"));
#pragma warning restore CS1998
        VirtualTime.Run(async () =>
        {
            string? banner = null;
            AioTask running = Asyncio.CreateTask(Web.RunAppAsync(app, port: 0, print: s => banner = s));
            while (banner is null)
            {
                await Asyncio.Sleep(0.01);
            }

            Assert.StartsWith("======== Running on http://127.0.0.1:", banner, StringComparison.Ordinal);
            int port = int.Parse(banner.Split(':')[2].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            using (RawHttpClient client = await RawHttpClient.ConnectAsync(port))
            {
                client.Send("GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                Assert.Equal(200, (await client.ReadResponseAsync())!.Status);
            }

            running.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await running);
        });
        Assert.Equal(["cleanup"], log);
    }
}
