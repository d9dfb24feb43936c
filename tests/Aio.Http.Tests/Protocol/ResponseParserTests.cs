using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.Tests.Protocol;

public sealed class ResponseParserTests
{
    private static HttpResponseHead Parse(string text, string method = "GET") =>
        new HttpResponseParser().TryParse(Encoding.Latin1.GetBytes(text), out _, method) ?? throw new InvalidOperationException("incomplete");

    [Fact]
    public void TryParse_StatusLineAndLength_AreRead()
    {
        HttpResponseHead head = Parse("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n");
        Assert.Equal(200, head.Status);
        Assert.Equal("OK", head.Reason);
        Assert.Equal(HttpBodyFraming.ContentLength, head.Framing);
        Assert.Equal(12, head.ContentLength);
        Assert.Equal(2, head.Headers.GetAll("set-cookie").Count);
        Assert.True(head.KeepAlive);
    }

    [Fact]
    public void TryParse_NoLengthNoChunked_ReadsUntilClose()
    {
        HttpResponseHead head = Parse("HTTP/1.1 200 OK\r\n\r\n");
        Assert.Equal(HttpBodyFraming.UntilClose, head.Framing);
        Assert.False(head.KeepAlive);
    }

    [Fact]
    public void TryParse_TransferEncodingNotEndingInChunked_ReadsUntilClose() =>
        Assert.Equal(HttpBodyFraming.UntilClose, Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n").Framing);

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", "GET")]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", "GET")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", "POST")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "HEAD")]
    public void TryParse_BodylessResponses_HaveNoBody(string text, string method)
    {
        HttpResponseHead head = Parse(text, method);
        Assert.Equal(HttpBodyFraming.None, head.Framing);
        Assert.True(head.KeepAlive);
    }

    [Fact]
    public void TryParse_EmptyReasonAndMissingSpace_AreAccepted()
    {
        Assert.Equal(string.Empty, Parse("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n").Reason);
        Assert.Equal(404, Parse("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n").Status);
    }

    [Fact]
    public void TryParse_Http10Response_ClosesUnlessKeepAlive()
    {
        Assert.False(Parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").KeepAlive);
        Assert.True(Parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX : a\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX: a\u0000\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n")]
    [InlineData("HTTP/1.1 abc OK\r\n\r\n")]
    [InlineData("HTTP/1.1  200 OK\r\n\r\n")]
    [InlineData("HTTX/1.1 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 O\rK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")]
    public void TryParse_MalformedOrAmbiguous_IsRejected(string text) =>
        Assert.Throws<HttpParseException>(() => Parse(text));

    [Fact]
    public void TryParse_InterimThenFinal_ParseInTurn()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        var parser = new HttpResponseParser();
        HttpResponseHead interim = parser.TryParse(bytes, out int used, "POST")!;
        Assert.True(interim.IsInformational);
        HttpResponseHead final = parser.TryParse(bytes.AsSpan(used), out _, "POST")!;
        Assert.Equal(201, final.Status);
    }
}
