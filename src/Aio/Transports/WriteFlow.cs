namespace Aio;

/// <summary>
/// Write flow control (asyncio's <c>_FlowControlMixin</c>): once a transport's write buffer grows past
/// the high-water mark its protocol is paused, and it is resumed when the buffer drains to the
/// low-water mark. Shared by stream, pipe and datagram transports; <c>DrainAsync</c> waits on it.
/// </summary>
internal sealed class WriteFlow
{
    private const int DefaultHighWater = 64 * 1024;

    public int High { get; private set; } = DefaultHighWater;

    public int Low { get; private set; } = DefaultHighWater / 4;

    /// <summary>Whether the protocol has been told to pause writing.</summary>
    public bool Paused { get; private set; }

    /// <summary>asyncio's <c>_set_write_buffer_limits</c>: either mark defaults from the other.</summary>
    public void SetLimits(int? high, int? low)
    {
        int h = high ?? (low is int l ? (int)Math.Min(4L * l, int.MaxValue) : DefaultHighWater);
        int lo = low ?? h / 4;
        if (!(h >= lo && lo >= 0))
        {
            throw new ArgumentException($"high ({h}) must be >= low ({lo}) must be >= 0");
        }

        High = h;
        Low = lo;
    }

    public void MaybePause(BaseTransport transport, EventLoop loop, int bufferSize, BaseProtocol? protocol)
    {
        if (bufferSize <= High || Paused)
        {
            return;
        }

        Paused = true;
        try
        {
            protocol?.PauseWriting();
        }
        catch (Exception e)
        {
            Report(transport, loop, protocol, "Protocol.PauseWriting() failed", e);
        }
    }

    public void MaybeResume(BaseTransport transport, EventLoop loop, int bufferSize, BaseProtocol? protocol)
    {
        if (!Paused || bufferSize > Low)
        {
            return;
        }

        Paused = false;
        try
        {
            protocol?.ResumeWriting();
        }
        catch (Exception e)
        {
            Report(transport, loop, protocol, "Protocol.ResumeWriting() failed", e);
        }
    }

    public static void Report(BaseTransport transport, EventLoop loop, BaseProtocol? protocol, string message, Exception error) =>
        loop.CallExceptionHandler(new ExceptionContext(message)
        {
            Exception = error,
            Extra = { ["transport"] = transport, ["protocol"] = protocol },
        });
}
