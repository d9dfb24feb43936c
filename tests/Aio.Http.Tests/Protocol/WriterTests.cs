using System.Buffers;
using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.Tests.Protocol;

public sealed class WriterTests
{
    [Fact]
    public void WriteResponseHead_WritesStatusFieldsAndEmptyLine()
    {
        var output = new ArrayBufferWriter<byte>();
        var headers = new HttpHeaders { { "Content-Type", "text/plain" }, { "Content-Length", "2" } };
        HttpHeadWriter.WriteResponseHead(output, 200, null, headers);
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteRequestHead_RoundTripsThroughTheParser()
    {
        var output = new ArrayBufferWriter<byte>();
        var headers = new HttpHeaders { { "Host", "example" }, { "X-Cafe", "caf\u00e9" } };
        HttpHeadWriter.WriteRequestHead(output, "PATCH", "/a?b=c", headers);
        HttpRequestHead head = new HttpRequestParser().TryParse(output.WrittenSpan, out int used)!;
        Assert.Equal(output.WrittenCount, used);
        Assert.Equal("PATCH", head.Method);
        Assert.Equal("/a?b=c", head.Target);
        Assert.Equal("caf\u00e9", head.Headers["x-cafe"]);
    }

    [Fact]
    public void ChunkedEncoder_OutputDecodesBack()
    {
        var output = new ArrayBufferWriter<byte>();
        ChunkedEncoder.WriteChunk(output, "hello "u8);
        ChunkedEncoder.WriteChunk(output, ReadOnlySpan<byte>.Empty);
        ChunkedEncoder.WriteChunk(output, new byte[300]);
        ChunkedEncoder.WriteLastChunk(output, new HttpHeaders { { "X-Sum", "1" } });
        Assert.StartsWith("6\r\nhello \r\n12c\r\n", Encoding.ASCII.GetString(output.WrittenSpan), StringComparison.Ordinal);
        var decoder = new HttpBodyDecoder(HttpBodyFraming.Chunked);
        ReadOnlySpan<byte> wire = output.WrittenSpan;
        long total = 0;
        while (!decoder.IsComplete)
        {
            int used = decoder.Decode(wire, out ReadOnlySpan<byte> data);
            total += data.Length;
            wire = wire[used..];
        }

        Assert.Equal(306, total);
        Assert.Equal("1", decoder.Trailers!["X-Sum"]);
        Assert.True(wire.IsEmpty);
    }

    [Fact]
    public void WriteRequestHead_RejectsInjection()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => HttpHeadWriter.WriteRequestHead(output, "GET", "/a b", new HttpHeaders()));
        Assert.Throws<ArgumentException>(() => HttpHeadWriter.WriteRequestHead(output, "GE T", "/", new HttpHeaders()));
        Assert.Throws<ArgumentException>(() => HttpHeadWriter.WriteResponseHead(output, 200, "OK\r\nX: y", new HttpHeaders()));
    }
}
