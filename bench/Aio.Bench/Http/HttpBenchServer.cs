using System.Globalization;
using Aio.Http.Server;

namespace Aio.Bench.Http;

/// <summary>
/// The server the HTTP benchmarks load (issue 8): <c>GET /plaintext</c> answers 200 <c>Hello, World!</c>
/// as text/plain, <c>POST /echo</c> answers the request body's length in bytes; keep-alive on.
/// Prints <c>ready PORT</c> once listening (<c>--port 0</c> picks a free port).
/// </summary>
internal static class HttpBenchServer
{
    private static readonly byte[] Hello = "Hello, World!"u8.ToArray();

    public static int Run(string[] args)
    {
        int port = 8080;
        for (int i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--port")
            {
                port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        Asyncio.Run(ServeAsync(port));
        return 0;
    }

    public static Application App()
    {
        var app = new Application();
        app.Router.AddGet("/plaintext", Plaintext);
        app.Router.AddPost("/echo", async request =>
        {
            byte[] body = await request.ReadAsync();
            return new Response(body.Length.ToString(CultureInfo.InvariantCulture));
        });
        return app;
    }

#pragma warning disable CS1998 // A finished coroutine.
    private static async Coroutine<StreamResponse> Plaintext(Request request) => new Response(Hello, contentType: "text/plain");
#pragma warning restore CS1998

    private static async Coroutine ServeAsync(int port)
    {
        var runner = new AppRunner(App(), new HttpServerOptions { ServerHeader = null });
        await runner.SetupAsync();
        var site = new TcpSite(runner, "127.0.0.1", port, backlog: 1024);
        await site.StartAsync();
        Console.WriteLine($"ready {site.Port}");
        try
        {
            await Asyncio.GetRunningLoop().CreateFuture<bool>();
        }
        finally
        {
            await runner.CleanupAsync();
        }
    }
}
