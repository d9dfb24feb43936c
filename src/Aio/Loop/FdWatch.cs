using System.Diagnostics;

namespace Aio;

/// <summary>
/// The reader and writer callbacks one file descriptor has through
/// <see cref="EventLoop.AddReader(int, Action)"/> and <see cref="EventLoop.AddWriter(int, Action)"/>
/// (asyncio keeps the same pair as the selector key's data). Each callback is a <see cref="Handle"/>,
/// so an error it raises is reported with it, as asyncio reports the handle.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class FdWatch : IoSource
{
    private readonly EventLoop _loop;

    public FdWatch(EventLoop loop, int fd)
        : base(fd)
    {
        _loop = loop;
    }

    public Handle? Reader { get; private set; }

    public Handle? Writer { get; private set; }

    public override string ToString() =>
        $"<FdWatch fd={Fd} reader={Reader?.DescribeCallback() ?? "None"} writer={Writer?.DescribeCallback() ?? "None"}>";

    /// <summary>Installs or clears one side and tells the reactor what is wanted now.</summary>
    /// <returns>Whether a callback was there before on that side.</returns>
    public bool Set(IoEvents side, Handle? handle)
    {
        Handle? previous = side == IoEvents.Read ? Reader : Writer;
        IoEvents wanted = (handle is not null ? side : IoEvents.None) | ((side == IoEvents.Read ? Writer : Reader) is not null ? Other(side) : IoEvents.None);
        _loop.Reactor.SetInterest(this, wanted);
        if (side == IoEvents.Read)
        {
            Reader = handle;
        }
        else
        {
            Writer = handle;
        }

        previous?.Cancel();
        return previous is not null;
    }

    protected internal override void OnReadable() => Invoke(Reader);

    protected internal override void OnWritable() => Invoke(Writer);

    private static IoEvents Other(IoEvents side) => side == IoEvents.Read ? IoEvents.Write : IoEvents.Read;

    private void Invoke(Handle? handle)
    {
        if (handle is null || handle.IsCancelled)
        {
            return;
        }

        try
        {
            handle.Invoke();
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext($"Exception in callback {handle}")
            {
                Exception = e,
                Handle = handle,
            });
        }
    }
}
