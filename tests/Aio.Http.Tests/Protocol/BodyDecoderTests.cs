using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.Tests.Protocol;

public sealed class BodyDecoderTests
{
    /// <summary>Feeds <paramref name="wire"/> in pieces of <paramref name="step"/> bytes, keeping unconsumed bytes as a server would.</summary>
    private static (string Body, int Remaining) DecodeAll(HttpBodyDecoder decoder, string wire, int step)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(wire);
        var body = new MemoryStream();
        int available = 0;
        int start = 0;
        while (!decoder.IsComplete)
        {
            if (start + available == bytes.Length && available == 0)
            {
                break;
            }

            int more = Math.Min(step, bytes.Length - start - available);
            available += more;
            while (!decoder.IsComplete)
            {
                int used = decoder.Decode(bytes.AsSpan(start, available), out ReadOnlySpan<byte> data);
                body.Write(data);
                start += used;
                available -= used;
                if (used == 0)
                {
                    break;
                }
            }

            if (more == 0 && !decoder.IsComplete)
            {
                break;
            }
        }

        return (Encoding.Latin1.GetString(body.ToArray()), bytes.Length - start);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Decode_Chunked_JoinsChunksWhateverTheSplit(int step)
    {
        var decoder = new HttpBodyDecoder(HttpBodyFraming.Chunked);
        (string body, int rest) = DecodeAll(decoder, "5\r\nhello\r\n9;name=value\r\n, world!!\r\n0\r\nX-T: 1\r\n\r\nNEXT", step);
        Assert.Equal("hello, world!!", body);
        Assert.True(decoder.IsComplete);
        Assert.Equal("1", decoder.Trailers!["x-t"]);
        Assert.Equal(4, rest);
        Assert.Equal(14, decoder.BytesDecoded);
    }

    [Fact]
    public void Decode_ContentLength_StopsAtTheLength()
    {
        var decoder = new HttpBodyDecoder(HttpBodyFraming.ContentLength, 5);
        (string body, int rest) = DecodeAll(decoder, "helloGET", 2);
        Assert.Equal("hello", body);
        Assert.Equal(3, rest);
    }

    [Fact]
    public void Decode_UntilClose_EndsAtEndOfInput()
    {
        var decoder = new HttpBodyDecoder(HttpBodyFraming.UntilClose);
        decoder.Decode("abc"u8, out ReadOnlySpan<byte> data);
        Assert.Equal(3, data.Length);
        Assert.False(decoder.IsComplete);
        decoder.EndOfInput();
        Assert.True(decoder.IsComplete);
    }

    [Fact]
    public void EndOfInput_BeforeTheEndOfALengthBody_Raises()
    {
        var decoder = new HttpBodyDecoder(HttpBodyFraming.ContentLength, 10);
        decoder.Decode("abc"u8, out _);
        Assert.Throws<HttpParseException>(decoder.EndOfInput);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("-5\r\n")]
    [InlineData("+5\r\n")]
    [InlineData("0x5\r\n")]
    [InlineData(" 5\r\n")]
    [InlineData("5 \r\n")]
    [InlineData("5\n")]
    [InlineData("g\r\n")]
    [InlineData("1000000000000000\r\n")]
    [InlineData("ffffffffffffffffff\r\n")]
    [InlineData("5;ext\u0000\r\n")]
    [InlineData("5\r\nhelloXX")]
    [InlineData("5\r\nhello\n")]
    [InlineData("0\r\nX : y\r\n\r\n")]
    [InlineData("0\r\nX: y\n\r\n")]
    public void Decode_InvalidChunkFraming_Raises(string wire)
    {
        var decoder = new HttpBodyDecoder(HttpBodyFraming.Chunked);
        Assert.Throws<HttpParseException>(() => DecodeAll(decoder, wire, 1000));
    }

    [Fact]
    public void Decode_ChunkSizeLineOverLimit_Raises()
    {
        var decoder = new HttpBodyDecoder(HttpBodyFraming.Chunked);
        Assert.Throws<HttpParseException>(() => DecodeAll(decoder, "5;" + new string('x', 5000), 1000));
    }

    [Fact]
    public void Decode_LargestAllowedChunkSize_IsAccepted()
    {
        var decoder = new HttpBodyDecoder(HttpBodyFraming.Chunked);
        int used = decoder.Decode("fffffffffffffff\r\n"u8, out _);
        Assert.Equal(17, used);
        Assert.False(decoder.IsComplete);
    }
}
