namespace Aio;

/// <summary>Readiness a source can ask its reactor for.</summary>
[Flags]
internal enum IoEvents : byte
{
    None = 0,
    Read = 1,
    Write = 2,
}

/// <summary>
/// Something registered with the reactor for one file descriptor: a transport, a listening server, or
/// the reader/writer callbacks of <see cref="EventLoop.AddReader(int, Action)"/>. The reactor queues
/// the source itself with a static tag, so readiness reaches it without allocating; when the entry
/// runs, the source is called only if it still wants that readiness (asyncio cancels the handle of a
/// removed reader for the same reason: a callback queued earlier in the iteration must not run).
/// </summary>
internal abstract class IoSource : IRunnable
{
    /// <summary>The ready-queue state of a "readable" entry.</summary>
    internal static readonly object ReadReady = new();

    /// <summary>The ready-queue state of a "writable" entry.</summary>
    internal static readonly object WriteReady = new();

    protected IoSource(int fd)
    {
        Fd = fd;
    }

    /// <summary>The file descriptor watched.</summary>
    public int Fd { get; }

    /// <summary>What the reactor watches for now; changed only through <see cref="Reactor.SetInterest"/>.</summary>
    public IoEvents Registered { get; internal set; }

    /// <summary>A reactor's private index (the poll reactor's slot in its <c>pollfd</c> array).</summary>
    internal int Slot { get; set; } = -1;

    void IRunnable.Run(object? state)
    {
        if (ReferenceEquals(state, ReadReady))
        {
            if ((Registered & IoEvents.Read) != 0)
            {
                OnReadable();
            }
        }
        else if ((Registered & IoEvents.Write) != 0)
        {
            OnWritable();
        }
    }

    /// <summary>The descriptor is readable, hung up or in error.</summary>
    protected internal abstract void OnReadable();

    /// <summary>The descriptor is writable, hung up or in error.</summary>
    protected internal abstract void OnWritable();
}
