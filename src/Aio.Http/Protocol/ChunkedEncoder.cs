using System.Buffers;

namespace Aio.Http.Protocol;

/// <summary>Writes the chunked transfer coding (RFC 9112 section 7.1).</summary>
public static class ChunkedEncoder
{
    /// <summary>Writes one chunk (<c>size CRLF data CRLF</c>); an empty <paramref name="data"/> writes nothing, since a zero-size chunk would end the body.</summary>
    public static void WriteChunk(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (data.IsEmpty)
        {
            return;
        }

        WriteChunkHeader(output, data.Length);
        output.Write(data);
        output.Write("\r\n"u8);
    }

    /// <summary>Writes the size line that precedes <paramref name="length"/> bytes of chunk data (the caller writes the data and <c>CRLF</c>).</summary>
    public static void WriteChunkHeader(IBufferWriter<byte> output, int length)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Span<byte> span = output.GetSpan(10);
        length.TryFormat(span, out int written, "x", provider: null);
        span[written] = (byte)'\r';
        span[written + 1] = (byte)'\n';
        output.Advance(written + 2);
    }

    /// <summary>Writes the last chunk, the optional trailer fields and the final CRLF.</summary>
    public static void WriteLastChunk(IBufferWriter<byte> output, HttpHeaders? trailers = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("0\r\n"u8);
        if (trailers is not null)
        {
            for (int i = 0; i < trailers.Count; i++)
            {
                (string name, string value) = trailers.FieldAt(i);
                Span<byte> span = output.GetSpan(name.Length + value.Length + 4);
                int n = System.Text.Encoding.Latin1.GetBytes(name, span);
                span[n++] = (byte)':';
                span[n++] = (byte)' ';
                n += System.Text.Encoding.Latin1.GetBytes(value, span[n..]);
                span[n++] = (byte)'\r';
                span[n++] = (byte)'\n';
                output.Advance(n);
            }
        }

        output.Write("\r\n"u8);
    }
}
