namespace Aio;

/// <summary>
/// A stream protocol that receives straight into memory it owns (asyncio's <c>BufferedProtocol</c>):
/// the transport asks for a buffer, receives into it, and says how much arrived. No copy is made.
/// </summary>
public abstract class BufferedProtocol : StreamProtocol
{
    internal sealed override string DeliveryFailed => "Fatal error: BufferedProtocol.BufferUpdated() call failed.";

    /// <summary>
    /// Returns the memory the next receive fills (asyncio's <c>get_buffer</c>); it must not be empty.
    /// <paramref name="sizeHint"/> is -1 when the transport has no preference.
    /// </summary>
    public abstract Memory<byte> GetBuffer(int sizeHint);

    /// <summary><paramref name="count"/> bytes were received into the buffer <see cref="GetBuffer"/> returned (asyncio's <c>buffer_updated</c>).</summary>
    public abstract void BufferUpdated(int count);

    internal sealed override Span<byte> ReceiveBuffer(Span<byte> shared) => NonEmpty(GetBuffer(-1)).Span;

    internal sealed override void Received(ReadOnlySpan<byte> data) => BufferUpdated(data.Length);

    /// <summary>asyncio's <c>_feed_data_to_buffered_proto</c>: copies in as many buffers as it takes.</summary>
    internal sealed override void Deliver(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            Span<byte> target = NonEmpty(GetBuffer(data.Length)).Span;
            int count = Math.Min(target.Length, data.Length);
            data[..count].CopyTo(target);
            BufferUpdated(count);
            data = data[count..];
        }
    }

    private static Memory<byte> NonEmpty(Memory<byte> buffer) =>
        buffer.IsEmpty ? throw new InvalidOperationException("BufferedProtocol.GetBuffer() returned an empty buffer") : buffer;
}
