using System.Globalization;
using Aio.Http.Server;
using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

public sealed class StaticFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("aio-http-static-").FullName;
    private readonly string _outside;

    public StaticFileTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "public", "sub"));
        File.WriteAllText(Path.Combine(_root, "public", "index.html"), "<h1>hi</h1>");
        File.WriteAllText(Path.Combine(_root, "public", "sub", "data.json"), "{\"a\":1}");
        File.WriteAllBytes(Path.Combine(_root, "public", "digits.bin"), "0123456789"u8.ToArray());
        _outside = Path.Combine(_root, "secret.txt");
        File.WriteAllText(_outside, "top secret");
        File.CreateSymbolicLink(Path.Combine(_root, "public", "link.txt"), _outside);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Application App()
    {
        var app = new Application();
        app.Router.AddStatic("/static", Path.Combine(_root, "public"), name: "static");
        return app;
    }

    [Fact]
    public void Static_ServesFilesWithTypeAndLastModified()
    {
        ServerBasicsTests.Serve(App(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("GET /static/index.html HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse page = (await client.ReadResponseAsync())!;
            Assert.Equal("<h1>hi</h1>", page.Text);
            Assert.Equal("text/html; charset=utf-8", page["content-type"]);
            Assert.NotNull(page["last-modified"]);
            client.Send("GET /static/sub/data.json HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse json = (await client.ReadResponseAsync())!;
            Assert.Equal("application/json", json["content-type"]);
            client.Send($"GET /static/index.html HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: {page["last-modified"]}\r\n\r\n");
            RawResponse notModified = (await client.ReadResponseAsync())!;
            Assert.Equal(304, notModified.Status);
            Assert.Empty(notModified.Body);
            client.Send("GET /static/index.html HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT\r\n\r\n");
            Assert.Equal(200, (await client.ReadResponseAsync())!.Status);
        });
    }

    [Theory]
    [InlineData("bytes=2-4", 206, "234", "bytes 2-4/10")]
    [InlineData("bytes=7-", 206, "789", "bytes 7-9/10")]
    [InlineData("bytes=-2", 206, "89", "bytes 8-9/10")]
    [InlineData("bytes=5-100", 206, "56789", "bytes 5-9/10")]
    [InlineData("bytes=20-30", 416, null, "bytes */10")]
    [InlineData("bytes=1-2,4-5", 200, "0123456789", null)]
    [InlineData("items=1-2", 200, "0123456789", null)]
    public void Static_Range_IsServed(string range, int status, string? body, string? contentRange)
    {
        ServerBasicsTests.Serve(App(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send($"GET /static/digits.bin HTTP/1.1\r\nHost: x\r\nRange: {range}\r\n\r\n");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal(status, response.Status);
            if (body is not null)
            {
                Assert.Equal(body, response.Text);
                Assert.Equal(body.Length.ToString(CultureInfo.InvariantCulture), response["content-length"]);
            }

            Assert.Equal(contentRange, response["content-range"]);
        });
    }

    [Theory]
    [InlineData("/static/../secret.txt")]
    [InlineData("/static/%2e%2e/secret.txt")]
    [InlineData("/static/sub/..%2f..%2fsecret.txt")]
    [InlineData("/static/..%5csecret.txt")]
    [InlineData("/static/%2fetc%2fpasswd")]
    [InlineData("/static//etc/passwd")]
    [InlineData("/static/link.txt")]
    [InlineData("/static/sub")]
    [InlineData("/static/missing.txt")]
    [InlineData("/static/index.html%00.txt")]
    public void Static_PathTraversalAndNonFiles_Are404(string path)
    {
        ServerBasicsTests.Serve(App(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal(404, response.Status);
            Assert.DoesNotContain("secret", response.Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Static_UrlFor_BuildsTheFileUrl() =>
        Assert.Equal("/static/sub/a%20b.txt", App().Router["static"].UrlFor(new Dictionary<string, string> { ["filename"] = "sub/a b.txt" }));

    [Fact]
    public void Static_PostIs405()
    {
        ServerBasicsTests.Serve(App(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send("POST /static/index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            RawResponse response = (await client.ReadResponseAsync())!;
            Assert.Equal(405, response.Status);
            Assert.Equal("GET,HEAD", response["allow"]);
        });
    }
}
