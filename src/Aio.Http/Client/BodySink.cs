using System.Buffers;
using Aio.Http.Protocol;

namespace Aio.Http.Client;

/// <summary>Where a payload writes its bytes: the connection, with chunked framing when the length is unknown.</summary>
internal sealed class BodySink(ClientConnection connection, bool chunked)
{
    private readonly ArrayBufferWriter<byte>? _frame = chunked ? new ArrayBufferWriter<byte>(32) : null;

    /// <summary>Bytes of payload written so far.</summary>
    public long Written { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        Written += data.Length;
        if (_frame is null)
        {
            connection.Write(data);
            return;
        }

        _frame.ResetWrittenCount();
        ChunkedEncoder.WriteChunkHeader(_frame, data.Length);
        connection.Write(_frame.WrittenSpan);
        connection.Write(data);
        connection.Write("\r\n"u8);
    }

    public Coroutine DrainAsync() => connection.DrainAsync();

    /// <summary>Ends a chunked body with the last, empty chunk.</summary>
    public void Finish()
    {
        if (_frame is not null)
        {
            _frame.ResetWrittenCount();
            ChunkedEncoder.WriteLastChunk(_frame);
            connection.Write(_frame.WrittenSpan);
        }
    }
}
