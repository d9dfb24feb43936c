using Aio.Http.Tests.Support;

namespace Aio.Http.Tests.Server;

/// <summary>Each request-smuggling rule, over a real connection: a 4xx, a closed connection, and the smuggled request never served.</summary>
public sealed class SmugglingTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 4\r\n\r\nabcd", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -4\r\n\r\nabcd", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\nabcd", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n", -1 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length : 4\r\n\r\nabcd", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nX: y\r\n Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0x4\r\nabcd\r\n0\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcdXX0\r\n\r\n", 400 },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\nabcd\r\n0\r\n\r\n", 400 },
        { "GET /plaintext HTTP/1.1\r\nHost: x\rX-Hidden: 1\r\n\r\n", 400 },
        { "GET /plaintext HTTP/1.1\nHost: x\n\n", 400 },
        { "GET /plaintext HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n", 400 },
        { "GET /plaintext HTTP/1.1\r\nHost: x\r\nX\u0001: a\r\n\r\n", 400 },
        { "GET /plaintext HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400 },
        { "GET /plaintext HTTP/1.1\r\n\r\n", 400 },
        { "GET /plaintext HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501 },
        { "GET /plaintext HTTP/9.9\r\nHost: x\r\n\r\n", 505 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SmugglingAttempt_IsRefusedAndTheConnectionClosed(string request, int status)
    {
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send(request);
            RawResponse? response = await client.ReadResponseAsync("POST");
            if (status < 0)
            {
                // Tab is allowed whitespace before a value: this one is legal and served.
                Assert.Equal(200, response!.Status);
                return;
            }

            Assert.NotNull(response);
            Assert.Equal(status, response.Status);
            Assert.Equal("close", response["connection"]);
            Assert.True(await client.IsClosedAsync());
            Assert.DoesNotContain("Hello, World!", System.Text.Encoding.ASCII.GetString(client.Pending), StringComparison.Ordinal);
            using RawHttpClient next = await RawHttpClient.ConnectAsync(server.Port);
            next.Send("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal("Hello, World!", (await next.ReadResponseAsync())!.Text);
        });
    }

    [Theory]
    [InlineData(8190, 200)]
    [InlineData(8191, 414)]
    public void RequestLineLimit_IsAiohttps8190Bytes(int lineLength, int status)
    {
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            string target = "/plaintext?" + new string('q', lineLength - "GET /plaintext? HTTP/1.1".Length);
            client.Send($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(status, (await client.ReadResponseAsync())!.Status);
        });
    }

    [Fact]
    public void HeaderFieldOverLimit_Is431()
    {
        ServerBasicsTests.Serve(Handlers.Echo(), async server =>
        {
            using RawHttpClient client = await RawHttpClient.ConnectAsync(server.Port);
            client.Send($"GET /plaintext HTTP/1.1\r\nHost: x\r\nX-Big: {new string('b', 9000)}\r\n\r\n");
            Assert.Equal(431, (await client.ReadResponseAsync())!.Status);
        });
    }
}
