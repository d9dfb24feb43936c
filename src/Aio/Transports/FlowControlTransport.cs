namespace Aio;

/// <summary>
/// Write flow control shared by Aio's transports (asyncio's <c>_FlowControlMixin</c>): when the write
/// buffer grows past the high-water mark the protocol is paused, and it is resumed once the buffer
/// drains to the low-water mark. <c>Drain()</c> on a stream writer waits on exactly this.
/// </summary>
internal abstract class FlowControlTransport : Transport
{
    private const int DefaultHighWater = 64 * 1024;

    private int _high = DefaultHighWater;
    private int _low = DefaultHighWater / 4;

    protected FlowControlTransport(EventLoop loop)
    {
        Loop = loop;
    }

    public EventLoop Loop { get; }

    /// <summary>Whether the protocol has been told to pause writing.</summary>
    protected bool ProtocolPaused { get; private set; }

    public override (int Low, int High) GetWriteBufferLimits() => (_low, _high);

    public override void SetWriteBufferLimits(int? high = null, int? low = null)
    {
        int h = high ?? (low is int l ? 4 * l : DefaultHighWater);
        int lo = low ?? h / 4;
        if (!(h >= lo && lo >= 0))
        {
            throw new ArgumentException($"high ({h}) must be >= low ({lo}) must be >= 0");
        }

        _high = h;
        _low = lo;
        MaybePauseProtocol();
    }

    /// <summary>The protocol flow control talks to.</summary>
    protected abstract BaseProtocol? FlowProtocol { get; }

    protected void MaybePauseProtocol()
    {
        if (GetWriteBufferSize() <= _high || ProtocolPaused)
        {
            return;
        }

        ProtocolPaused = true;
        try
        {
            FlowProtocol?.PauseWriting();
        }
        catch (Exception e)
        {
            ReportProtocolError("protocol.pause_writing() failed", e);
        }
    }

    protected void MaybeResumeProtocol()
    {
        if (!ProtocolPaused || GetWriteBufferSize() > _low)
        {
            return;
        }

        ProtocolPaused = false;
        try
        {
            FlowProtocol?.ResumeWriting();
        }
        catch (Exception e)
        {
            ReportProtocolError("protocol.resume_writing() failed", e);
        }
    }

    protected void ReportProtocolError(string message, Exception error) =>
        Loop.CallExceptionHandler(new ExceptionContext(message)
        {
            Exception = error,
            Extra = { ["transport"] = this, ["protocol"] = FlowProtocol },
        });
}
