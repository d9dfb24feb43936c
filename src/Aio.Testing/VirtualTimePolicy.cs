namespace Aio.Testing;

/// <summary>
/// An event loop policy whose new loops run on a <see cref="VirtualClock"/>. Install it with
/// <see cref="Asyncio.SetEventLoopPolicy"/> to put a whole program on virtual time (as <c>aio example --virtual-time</c> does).
/// </summary>
public sealed class VirtualTimePolicy : EventLoopPolicy
{
    /// <inheritdoc />
    public override EventLoop NewEventLoop() => VirtualTime.NewLoop();
}
