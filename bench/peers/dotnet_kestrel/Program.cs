// Kestrel minimal API peer for http-compare: the same two endpoints as Aio's http-server.
// Run with DOTNET_PROCESSOR_COUNT=1 (one CPU, as the other servers get). Prints "ready PORT".
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
int port = int.Parse(args.SkipWhile(a => a != "--port").Skip(1).FirstOrDefault() ?? "8080");
builder.WebHost.ConfigureKestrel(k => { k.AddServerHeader = false; k.ListenLocalhost(port); });
var app = builder.Build();
app.MapGet("/plaintext", () => Results.Text("Hello, World!", "text/plain"));
app.MapPost("/echo", async (HttpRequest request) =>
{
    long length = 0;
    var buffer = new byte[16384];
    int n;
    while ((n = await request.Body.ReadAsync(buffer)) > 0)
    {
        length += n;
    }

    return Results.Text(length.ToString(), "text/plain");
});
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"ready {port}"));
app.Run();
