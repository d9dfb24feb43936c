namespace Aio;

/// <summary>
/// The part of the loop that blocks: it waits for I/O readiness or a cross-thread wake-up, for at
/// most the time until the next timer. Linux gets an epoll reactor driven by the loop thread; other
/// POSIX systems (and Linux on request) get the portable <c>poll(2)</c> reactor. Both queue readiness
/// onto the loop's ready queue as <c>(source, ReadReady|WriteReady)</c> entries, which allocates nothing.
/// </summary>
/// <remarks>
/// Design note: docs/design/reactor.md. This base keeps what both reactors share: the table from file
/// descriptor to <see cref="IoSource"/>, the interest bookkeeping (a source with no interest left is
/// removed from the kernel, because epoll reports hang-ups even for an empty mask), the once-only
/// wake-up signal, and the rule that hang-ups and errors wake both readers and writers, as
/// asyncio's selectors do. Everything except <see cref="Wake"/> runs on the loop thread.
/// </remarks>
internal abstract class Reactor : IDisposable
{
    /// <summary>How much one receive may take, as asyncio's <c>max_size</c>.</summary>
    internal const int ReceiveBufferSize = 256 * 1024;

    private IoSource?[] _byFd = new IoSource?[64];
    private byte[]? _receiveBuffer;
    private SignalHandlers? _signalHandlers;
    private int _registered;
    private readonly Lock _wakeLock = new();
    private int _wakePending;
    private volatile bool _disposed;

    protected Reactor(EventLoop? loop)
    {
        Loop = loop;
    }

    /// <summary>Whether any file descriptor is registered, i.e. I/O may still arrive.</summary>
    public bool HasRegistrations => _registered > 0;

    /// <summary>A short name for diagnostics: <c>epoll</c>, <c>poll</c> or <c>none</c>.</summary>
    public abstract string Name { get; }

    protected EventLoop? Loop { get; }

    /// <summary>
    /// The loop's receive buffer, shared by its transports: a transport receives into it and hands the
    /// protocol a span, which is valid only during that call. One loop runs one callback at a time, so
    /// one pinned buffer per loop is enough, and connections hold no receive memory of their own.
    /// </summary>
    public byte[] ReceiveBuffer => _receiveBuffer ??= GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);

    /// <summary>The loop's signal handlers; owned here so that closing the loop removes them.</summary>
    public SignalHandlers SignalHandlers => _signalHandlers ??= new SignalHandlers(Loop!);

    protected bool IsDisposed => _disposed;

    /// <summary>Makes the reactor <paramref name="kind"/> selects for <paramref name="loop"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">The kind needs an operating system this is not.</exception>
    public static Reactor Create(ReactorKind kind, EventLoop loop)
    {
        switch (Resolve(kind))
        {
            case ReactorKind.Epoll:
                if (!OperatingSystem.IsLinux())
                {
                    throw new PlatformNotSupportedException("The epoll reactor needs Linux.");
                }

                return new EpollReactor(loop);
            case ReactorKind.Poll:
                if (OperatingSystem.IsWindows())
                {
                    throw new PlatformNotSupportedException("The poll reactor needs a POSIX system.");
                }

                return new PollReactor(loop);
            case ReactorKind.Default:
                return new WakeOnlyReactor(loop);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a reactor kind.");
        }
    }

    /// <summary>
    /// What <see cref="ReactorKind.Default"/> means here: the <c>AIO_REACTOR</c> environment variable
    /// (<c>epoll</c> or <c>poll</c>) if set, else epoll on Linux, poll on other POSIX systems, and a
    /// reactor without I/O elsewhere.
    /// </summary>
    public static ReactorKind Resolve(ReactorKind kind)
    {
        if (kind != ReactorKind.Default)
        {
            return kind;
        }

        string? chosen = Environment.GetEnvironmentVariable("AIO_REACTOR");
        if (string.Equals(chosen, "poll", StringComparison.OrdinalIgnoreCase))
        {
            return ReactorKind.Poll;
        }

        if (string.Equals(chosen, "epoll", StringComparison.OrdinalIgnoreCase))
        {
            return ReactorKind.Epoll;
        }

        if (OperatingSystem.IsLinux())
        {
            return ReactorKind.Epoll;
        }

        return OperatingSystem.IsWindows() ? ReactorKind.Default : ReactorKind.Poll;
    }

    /// <summary>Waits up to <paramref name="timeout"/> seconds (null: without limit, 0: just look).</summary>
    /// <returns>The number of readiness callbacks queued (wake-ups count as one).</returns>
    public abstract int Poll(double? timeout);

    /// <summary>Interrupts a <see cref="Poll"/> in progress or the next one. Safe from any thread.</summary>
    public void Wake()
    {
        if (_disposed || Interlocked.Exchange(ref _wakePending, 1) != 0)
        {
            return;
        }

        // Under the lock, so that a wake-up racing with Dispose never writes to a descriptor number
        // that has been closed and perhaps reused by then.
        lock (_wakeLock)
        {
            if (!_disposed)
            {
                Signal();
            }
        }
    }

    /// <summary>The source registered for <paramref name="fd"/>, if any.</summary>
    public IoSource? Find(int fd) => (uint)fd < (uint)_byFd.Length ? _byFd[fd] : null;

    /// <summary>
    /// Sets which readiness <paramref name="source"/> wants to hear about; <see cref="IoEvents.None"/>
    /// unregisters it. A descriptor belongs to at most one source at a time.
    /// </summary>
    /// <exception cref="ArgumentException">The descriptor is not open, cannot be polled, or belongs to another source.</exception>
    public void SetInterest(IoSource source, IoEvents events)
    {
        IoEvents old = source.Registered;
        if (old == events)
        {
            return;
        }

        if (old == IoEvents.None)
        {
            Claim(source);
            try
            {
                Add(source, events);
            }
            catch
            {
                _byFd[source.Fd] = null;
                throw;
            }

            _registered++;
        }
        else if (events == IoEvents.None)
        {
            Remove(source);
            _byFd[source.Fd] = null;
            _registered--;
        }
        else
        {
            Modify(source, events);
        }

        source.Registered = events;
    }

    public virtual void Dispose()
    {
        lock (_wakeLock)
        {
            _disposed = true;
        }

        _signalHandlers?.Dispose();
    }

    /// <summary>Converts a timeout in seconds to whole milliseconds, rounding up so a wait never ends early.</summary>
    protected static int ToMilliseconds(double? timeout) => timeout switch
    {
        null => -1,
        <= 0 => 0,
        _ => (int)Math.Min(Math.Ceiling(timeout.Value * 1000), int.MaxValue),
    };

    /// <summary>Delivers the wake-up signal (an eventfd or pipe write); called at most once per <see cref="Poll"/>.</summary>
    protected abstract void Signal();

    /// <summary>Re-arms <see cref="Wake"/>; the reactor calls it when it sees its wake-up signal.</summary>
    protected void OnWoken() => Volatile.Write(ref _wakePending, 0);

    protected abstract void Add(IoSource source, IoEvents events);

    protected abstract void Modify(IoSource source, IoEvents events);

    protected abstract void Remove(IoSource source);

    /// <summary>
    /// Queues the callbacks a readiness report calls for. Hang-ups and errors count as both readable
    /// and writable, so whichever side is waiting finds out from its own system call.
    /// </summary>
    /// <returns>How many callbacks were queued.</returns>
    protected int Dispatch(IoSource source, bool readable, bool writable, bool failed)
    {
        int queued = 0;
        IoEvents wanted = source.Registered;
        if ((readable || failed) && (wanted & IoEvents.Read) != 0)
        {
            Loop!.Enqueue(source, IoSource.ReadReady, null);
            queued++;
        }

        if ((writable || failed) && (wanted & IoEvents.Write) != 0)
        {
            Loop!.Enqueue(source, IoSource.WriteReady, null);
            queued++;
        }

        return queued;
    }

    private void Claim(IoSource source)
    {
        int fd = source.Fd;
        if (fd < 0)
        {
            throw new ArgumentException($"Invalid file descriptor: {fd}", nameof(source));
        }

        if (fd >= _byFd.Length)
        {
            Array.Resize(ref _byFd, Math.Max(fd + 1, _byFd.Length * 2));
        }

        if (_byFd[fd] is { } owner && !ReferenceEquals(owner, source))
        {
            throw new ArgumentException($"File descriptor {fd} is already registered with this loop by {owner}", nameof(source));
        }

        _byFd[fd] = source;
    }
}
