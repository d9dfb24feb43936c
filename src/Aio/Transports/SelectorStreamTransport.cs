namespace Aio;

/// <summary>
/// A stream <see cref="Transport"/> driven by a <see cref="StreamTransportCore{TProtocol}"/> (sockets and
/// pipes): the lifecycle, reading switch and write flow control of the public API are the core's.
/// </summary>
internal abstract class SelectorStreamTransport<TProtocol> : Transport
    where TProtocol : BaseProtocol
{
    public EventLoop Loop => Core.Loop;

    public override bool IsClosing => Core.Closing;

    public override bool IsReading => Core.IsReading;

    /// <summary>The core; set once by the subclass's constructor (it needs the transport to exist).</summary>
    private protected StreamTransportCore<TProtocol> Core { get; init; } = null!;

    public override BaseProtocol GetProtocol() => Core.Protocol;

    public override void Close() => Core.Close();

    public override void Abort() => Core.ForceClose(null);

    public override int GetWriteBufferSize() => Core.BufferSize;

    public override (int Low, int High) GetWriteBufferLimits() => (Core.Flow.Low, Core.Flow.High);

    public override void SetWriteBufferLimits(int? high = null, int? low = null) => Core.SetWriteBufferLimits(high, low);

    public override void PauseReading() => Core.PauseReading();

    public override void ResumeReading() => Core.ResumeReading();

    /// <summary>"closed", "closing" or nothing, for <c>ToString</c>.</summary>
    private protected string State => Core.Released ? " closed" : Core.Closing ? " closing" : string.Empty;
}
