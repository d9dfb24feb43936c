namespace Aio;

/// <summary>
/// A bidirectional stream transport (asyncio's <c>Transport</c>): writes are buffered and never block;
/// the protocol is told to pause when the buffer passes the high-water mark and to resume at the low one.
/// </summary>
public abstract class Transport : BaseTransport
{
    /// <summary>
    /// Queues <paramref name="data"/> for sending (asyncio's <c>write</c>): sent at once if possible,
    /// the rest buffered. The span is copied before the call returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called after <see cref="WriteEof"/>.</exception>
    public abstract void Write(ReadOnlySpan<byte> data);

    /// <summary>Queues several buffers in order (asyncio's <c>writelines</c>).</summary>
    public virtual void WriteLines(IEnumerable<ReadOnlyMemory<byte>> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (ReadOnlyMemory<byte> chunk in data)
        {
            Write(chunk.Span);
        }
    }

    /// <summary>Closes the sending side after the buffered data is sent (asyncio's <c>write_eof</c>).</summary>
    /// <exception cref="NotSupportedException">The transport cannot half-close (see <see cref="CanWriteEof"/>).</exception>
    public abstract void WriteEof();

    /// <summary>Whether <see cref="WriteEof"/> is supported (asyncio's <c>can_write_eof</c>).</summary>
    public abstract bool CanWriteEof();

    /// <summary>
    /// Closes at once, dropping buffered data (asyncio's <c>abort</c>); the protocol's
    /// <see cref="BaseProtocol.ConnectionLost"/> is called with null.
    /// </summary>
    public abstract void Abort();

    /// <summary>Bytes waiting in the write buffer (asyncio's <c>get_write_buffer_size</c>).</summary>
    public abstract int GetWriteBufferSize();

    /// <summary>The flow-control marks (asyncio's <c>get_write_buffer_limits</c>).</summary>
    public abstract (int Low, int High) GetWriteBufferLimits();

    /// <summary>
    /// Sets the flow-control marks (asyncio's <c>set_write_buffer_limits</c>): 64 KiB high and a quarter
    /// of it low unless given; either defaults from the other.
    /// </summary>
    /// <exception cref="ArgumentException">The marks are not <c>high &gt;= low &gt;= 0</c>.</exception>
    public abstract void SetWriteBufferLimits(int? high = null, int? low = null);

    /// <summary>Stops calling the protocol with received data until <see cref="ResumeReading"/> (asyncio's <c>pause_reading</c>).</summary>
    public abstract void PauseReading();

    /// <summary>Resumes receiving after <see cref="PauseReading"/> (asyncio's <c>resume_reading</c>).</summary>
    public abstract void ResumeReading();

    /// <summary>Whether the transport is receiving (asyncio's <c>is_reading</c>).</summary>
    public abstract bool IsReading { get; }
}
