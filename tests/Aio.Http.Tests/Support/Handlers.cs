using Aio.Http.Server;

namespace Aio.Http.Tests.Support;

/// <summary>Handlers shared by the server tests.</summary>
internal static class Handlers
{
#pragma warning disable CS1998
    public static Handler Text(string text, int status = 200) => async _ => new Response(text, status);
#pragma warning restore CS1998

    public static Application Echo()
    {
        var app = new Application();
        app.Router.AddGet("/plaintext", Text("Hello, World!"));
        app.Router.AddPost("/echo", async r => new Response(await r.ReadAsync(), contentType: r.Headers["Content-Type"] ?? "application/octet-stream"));
        app.Router.AddPost("/length", async r => new Response((await r.ReadAsync()).Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return app;
    }
}
