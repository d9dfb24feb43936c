namespace Aio;

/// <summary>A stream or pipe transport with write flow control (see <see cref="WriteFlow"/>).</summary>
internal abstract class FlowControlTransport : Transport
{
    private readonly WriteFlow _flow = new();

    protected FlowControlTransport(EventLoop loop)
    {
        Loop = loop;
    }

    public EventLoop Loop { get; }

    /// <summary>Whether the protocol has been told to pause writing.</summary>
    protected bool ProtocolPaused => _flow.Paused;

    /// <summary>The protocol flow control talks to.</summary>
    protected abstract BaseProtocol? FlowProtocol { get; }

    public override (int Low, int High) GetWriteBufferLimits() => (_flow.Low, _flow.High);

    public override void SetWriteBufferLimits(int? high = null, int? low = null)
    {
        _flow.SetLimits(high, low);
        MaybePauseProtocol();
    }

    protected void MaybePauseProtocol() => _flow.MaybePause(this, Loop, GetWriteBufferSize(), FlowProtocol);

    protected void MaybeResumeProtocol() => _flow.MaybeResume(this, Loop, GetWriteBufferSize(), FlowProtocol);

    protected void ReportProtocolError(string message, Exception error) => WriteFlow.Report(this, Loop, FlowProtocol, message, error);
}
