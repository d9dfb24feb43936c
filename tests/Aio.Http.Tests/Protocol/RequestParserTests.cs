using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.Tests.Protocol;

public sealed class RequestParserTests
{
    private static HttpRequestHead Parse(string text, out int consumed)
    {
        var parser = new HttpRequestParser();
        byte[] bytes = Encoding.Latin1.GetBytes(text);
        return parser.TryParse(bytes, out consumed) ?? throw new InvalidOperationException("incomplete");
    }

    private static HttpRequestHead Parse(string text) => Parse(text, out _);

    private static int Rejects(string text)
    {
        var e = Assert.Throws<HttpParseException>(() => Parse(text));
        return e.Status;
    }

    [Fact]
    public void TryParse_SimpleGet_ReadsLineAndHeaders()
    {
        HttpRequestHead head = Parse("GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: example\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\nBODY", out int consumed);
        Assert.Equal("GET", head.Method);
        Assert.Equal("/a/b?x=1&y=2", head.Target);
        Assert.Equal("/a/b", head.Path);
        Assert.Equal("x=1&y=2", head.QueryString);
        Assert.Equal(HttpProtocolVersion.Http11, head.Version);
        Assert.Equal("example", head.Headers["host"]);
        Assert.Equal(new[] { "1", "2" }, head.Headers.GetAll("X-MULTI"));
        Assert.Equal(HttpBodyFraming.None, head.Framing);
        Assert.True(head.KeepAlive);
        Assert.Equal(consumed, "GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: example\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\n".Length);
    }

    [Fact]
    public void TryParse_ByteByByte_ReturnsNullUntilTheEmptyLine()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
        var parser = new HttpRequestParser();
        int headLength = bytes.Length - 3;
        for (int n = 1; n < headLength; n++)
        {
            Assert.Null(parser.TryParse(bytes.AsSpan(0, n), out _));
        }

        HttpRequestHead head = parser.TryParse(bytes.AsSpan(0, headLength), out int consumed)!;
        Assert.Equal(headLength, consumed);
        Assert.Equal(HttpBodyFraming.ContentLength, head.Framing);
        Assert.Equal(3, head.ContentLength);
    }

    [Fact]
    public void TryParse_PipelinedHeads_ParseOneAfterAnother()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
        var parser = new HttpRequestParser();
        HttpRequestHead first = parser.TryParse(bytes, out int used)!;
        HttpRequestHead second = parser.TryParse(bytes.AsSpan(used), out int used2)!;
        Assert.Equal("/1", first.Target);
        Assert.Equal("/2", second.Target);
        Assert.Equal(bytes.Length, used + used2);
    }

    [Fact]
    public void TryParse_LeadingEmptyLine_IsIgnored() =>
        Assert.Equal("/x", Parse("\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n").Target);

    [Fact]
    public void TryParse_Http10_IsNotKeepAliveUnlessAsked()
    {
        Assert.False(Parse("GET / HTTP/1.0\r\n\r\n").KeepAlive);
        Assert.True(Parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").KeepAlive);
        Assert.False(Parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").KeepAlive);
    }

    [Fact]
    public void TryParse_ExpectAndUpgrade_AreReported()
    {
        Assert.True(Parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").ExpectContinue);
        Assert.True(Parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n").IsUpgrade);
        Assert.False(Parse("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n").IsUpgrade);
    }

    [Fact]
    public void TryParse_ValueWhitespace_IsTrimmedAndObsTextKept()
    {
        HttpRequestHead head = Parse("GET / HTTP/1.1\r\nHost: h\r\nX:  \t a b \t \r\nY: caf\u00e9\r\nZ:\r\n\r\n");
        Assert.Equal("a b", head.Headers["x"]);
        Assert.Equal("caf\u00e9", head.Headers["y"]);
        Assert.Equal(string.Empty, head.Headers["z"]);
    }

    [Fact]
    public void TryParse_ChunkedRequest_IsChunked() =>
        Assert.Equal(HttpBodyFraming.Chunked, Parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n").Framing);

    // ---- smuggling and strictness rules, each with the status the server answers ----

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n")]
    public void TryParse_ContentLengthWithTransferEncoding_Is400(string request) => Assert.Equal(400, Rejects(request));

    [Theory]
    [InlineData("Content-Length: 5\r\nContent-Length: 5\r\n")]
    [InlineData("Content-Length: 5\r\nContent-Length: 6\r\n")]
    [InlineData("Content-Length: 5, 5\r\n")]
    [InlineData("Content-Length: +5\r\n")]
    [InlineData("Content-Length: -1\r\n")]
    [InlineData("Content-Length: 0x10\r\n")]
    [InlineData("Content-Length: 1 2\r\n")]
    [InlineData("Content-Length: \r\n")]
    [InlineData("Content-Length: 99999999999999999999\r\n")]
    public void TryParse_RepeatedOrMalformedContentLength_Is400(string field) =>
        Assert.Equal(400, Rejects("POST / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n"));

    [Theory]
    [InlineData("Transfer-Encoding: gzip\r\n", 400)]
    [InlineData("Transfer-Encoding: chunked, gzip\r\n", 400)]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n", 400)]
    [InlineData("Transfer-Encoding: chunked, chunked\r\n", 400)]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400)]
    [InlineData("Transfer-Encoding: xchunked\r\n", 400)]
    [InlineData("Transfer-Encoding: \r\n", 400)]
    [InlineData("Transfer-Encoding: gzip, chunked\r\n", 501)]
    public void TryParse_TransferEncodingNotEndingInOneChunked_IsRejected(string field, int status) =>
        Assert.Equal(status, Rejects("POST / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n"));

    [Fact]
    public void TryParse_TransferEncodingInHttp10_Is400() =>
        Assert.Equal(400, Rejects("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"));

    [Fact]
    public void TryParse_ObsFold_Is400() =>
        Assert.Equal(400, Rejects("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n"));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\nX-A\r: a\r\n\r\n")]
    [InlineData("GET /\r HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\rHost: h\r\n\r\n")]
    public void TryParse_BareCR_Is400(string request) => Assert.Equal(400, Rejects(request));

    [Theory]
    [InlineData("GET / HTTP/1.1\nHost: h\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n\n")]
    public void TryParse_BareLF_Is400(string request) => Assert.Equal(400, Rejects(request));

    [Theory]
    [InlineData("X-A: a\u0000b\r\n")]
    [InlineData("X-A: a\u0001b\r\n")]
    [InlineData("X-A: a\u007fb\r\n")]
    [InlineData("X-A: a\u001bb\r\n")]
    [InlineData("X\u0000A: a\r\n")]
    [InlineData("X A: a\r\n")]
    [InlineData("X\"A: a\r\n")]
    [InlineData("X(A): a\r\n")]
    [InlineData("\u00e9: a\r\n")]
    public void TryParse_ControlOrSeparatorCharacters_Are400(string field) =>
        Assert.Equal(400, Rejects("GET / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n"));

    [Theory]
    [InlineData("Content-Length : 5\r\n")]
    [InlineData("Transfer-Encoding\t: chunked\r\n")]
    [InlineData("Host : h\r\n")]
    public void TryParse_WhitespaceBeforeColon_Is400(string field) =>
        Assert.Equal(400, Rejects("POST / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n"));

    [Theory]
    [InlineData("NoColonHere\r\n")]
    [InlineData(": empty-name\r\n")]
    public void TryParse_MalformedFieldLine_Is400(string field) =>
        Assert.Equal(400, Rejects("GET / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n"));

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    public void TryParse_MissingOrRepeatedHost_Is400(string request) => Assert.Equal(400, Rejects(request));

    [Theory]
    [InlineData("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400)]
    [InlineData(" GET / HTTP/1.1\r\nHost: h\r\n\r\n", 400)]
    [InlineData("GET /\u0001 HTTP/1.1\r\nHost: h\r\n\r\n", 400)]
    [InlineData("G@T / HTTP/1.1\r\nHost: h\r\n\r\n", 400)]
    [InlineData("GET / http/1.1\r\nHost: h\r\n\r\n", 400)]
    [InlineData("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505)]
    [InlineData("GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505)]
    [InlineData("GET noslash HTTP/1.1\r\nHost: h\r\n\r\n", 400)]
    [InlineData("GET\r\nHost: h\r\n\r\n", 400)]
    public void TryParse_MalformedRequestLine_IsRejected(string request, int status) => Assert.Equal(status, Rejects(request));

    [Fact]
    public void TryParse_OtherTargetForms_AreAccepted()
    {
        Assert.Equal("*", Parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").Target);
        Assert.Equal("h:443", Parse("CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n").Target);
        Assert.Equal("http://h/x", Parse("GET http://h/x HTTP/1.1\r\nHost: h\r\n\r\n").Target);
    }

    // ---- limits ----

    [Fact]
    public void TryParse_RequestLineOverLimit_Is414EvenBeforeItsEnd()
    {
        var parser = new HttpRequestParser();
        byte[] partial = Encoding.ASCII.GetBytes("GET /" + new string('a', 8200));
        var e = Assert.Throws<HttpParseException>(() => parser.TryParse(partial, out _));
        Assert.Equal(414, e.Status);
    }

    [Fact]
    public void TryParse_RequestLineAtLimit_IsAccepted()
    {
        string target = "/" + new string('a', 8190 - "GET  HTTP/1.1".Length - 1);
        Assert.Equal(target, Parse($"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n").Target);
        Assert.Equal(414, Rejects($"GET {target}a HTTP/1.1\r\nHost: h\r\n\r\n"));
    }

    [Fact]
    public void TryParse_HeaderFieldOverLimit_Is431()
    {
        Assert.Equal(431, Rejects("GET / HTTP/1.1\r\nHost: h\r\nX: " + new string('v', 8190) + "\r\n\r\n"));
        var parser = new HttpRequestParser();
        byte[] partial = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX: " + new string('v', 9000));
        Assert.Equal(431, Assert.Throws<HttpParseException>(() => parser.TryParse(partial, out _)).Status);
    }

    [Fact]
    public void TryParse_TooManyHeaders_Is431()
    {
        var text = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 200; i++)
        {
            text.Append("X-").Append(i).Append(": v\r\n");
        }

        Assert.Equal(431, Rejects(text.Append("\r\n").ToString()));
    }

    [Fact]
    public void TryParse_CustomLimits_AreEnforced()
    {
        var parser = new HttpRequestParser(new HttpParserLimits { MaxHeaders = 2 });
        byte[] ok = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\n\r\n");
        Assert.NotNull(parser.TryParse(ok, out _));
        byte[] bad = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n");
        Assert.Equal(431, Assert.Throws<HttpParseException>(() => parser.TryParse(bad, out _)).Status);
    }

    [Fact]
    public void TryParse_AfterAnError_TheParserCanBeReused()
    {
        var parser = new HttpRequestParser();
        Assert.Throws<HttpParseException>(() => parser.TryParse(Encoding.ASCII.GetBytes("GET / HTTP/1.1\nX"), out _));
        Assert.NotNull(parser.TryParse(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), out _));
    }
}
