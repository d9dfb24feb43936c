using System.Buffers.Text;

namespace Aio.Http.Client;

/// <summary>Where a payload writes its bytes: the connection, with chunked framing when the length is unknown.</summary>
internal sealed class BodySink(ClientConnection connection, bool chunked)
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>Bytes of payload written so far.</summary>
    public long Written { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        Written += data.Length;
        if (!chunked)
        {
            connection.Write(data);
            return;
        }

        Span<byte> size = stackalloc byte[18];
        Utf8Formatter.TryFormat(data.Length, size, out int n, new System.Buffers.StandardFormat('x'));
        "\r\n"u8.CopyTo(size[n..]);
        connection.Write(size[..(n + 2)]);
        connection.Write(data);
        connection.Write(Crlf);
    }

    public Coroutine DrainAsync() => connection.DrainAsync();

    /// <summary>Ends a chunked body with the last, empty chunk.</summary>
    public void Finish()
    {
        if (chunked)
        {
            connection.Write("0\r\n\r\n"u8);
        }
    }
}
