namespace Aio;

/// <summary>
/// Introspection of one task: its coroutine chain, what it waits on, and (when its loop tracks tasks)
/// where it was created, its counters and who cancelled it.
/// </summary>
/// <remarks>
/// Design note (docs/design/introspection.md). The chain is exact, not sampled: Aio's method builder
/// keeps each coroutine's state machine in its frame, and a suspended state machine holds the awaiter
/// of the await it is suspended at. When that awaiter is a coroutine awaiter, it names the inner frame;
/// following those links from the task's own frame gives the chain down to the innermost await. No
/// bookkeeping happens on the hot path: the chain is read only when asked for.
/// </remarks>
public partial class AioTask
{
    /// <summary>The task's number, unique in the process (the <c>N</c> of <c>Task-N</c>).</summary>
    public int Id => _number;

    /// <summary>Where the task was created: tracked while it lives; in debug mode also after it ended.</summary>
    internal string? CreationSite => _extras?.CreationSite ?? (IsTask && LiveIndex >= 0 ? Loop.TrackOf(this).Site : null);

    /// <summary>Debug mode: keeps the creation site on the task itself.</summary>
    internal void NoteCreationSite(string site) => GetExtras().CreationSite = site;

    /// <summary>
    /// The coroutines the task is suspended in, from its body down to the innermost await (asyncio's
    /// <c>get_stack()</c>, which Python can only give for the outermost frame of a suspended task).
    /// Empty once the task is done. Call it on the loop's thread.
    /// </summary>
    public IReadOnlyList<FrameSnapshot> GetStack()
    {
        var chain = new List<FrameSnapshot>();
        if (IsDone)
        {
            return chain;
        }

        AioTask? frame = this;
        for (int depth = 0; frame is not null && depth < 256; depth++)
        {
            chain.Add(frame.DescribeFrame());
            frame = frame.AwaitedFrame();
        }

        return chain;
    }

    /// <summary>Prints the task's chain, as asyncio's <c>print_stack()</c> does.</summary>
    /// <param name="writer">Where to print; standard error by default, as in Python.</param>
    public void PrintStack(TextWriter? writer = null)
    {
        writer ??= Console.Error;
        IReadOnlyList<FrameSnapshot> chain = GetStack();
        if (chain.Count == 0)
        {
            writer.WriteLine($"No stack for {this}");
            return;
        }

        writer.WriteLine($"Stack for {this} (most recent call last):");
        foreach (FrameSnapshot frame in chain)
        {
            writer.WriteLine($"  {frame}");
        }

        if (DescribeAwait() is { } awaiting)
        {
            writer.WriteLine($"  awaiting {awaiting}");
        }
    }

    /// <summary>A snapshot of the task: state, chain, what it awaits, and tracked data if any.</summary>
    public TaskSnapshot Snapshot()
    {
        TaskTrack track = IsTask ? Loop.TrackOf(this) : default;
        return new TaskSnapshot(
            _number,
            Name,
            DescribeLiveState(),
            track.Site ?? _extras?.CreationSite,
            track.ParentId != 0 ? track.ParentId : null,
            track.ParentId != 0 ? track.ParentName ?? $"Task-{track.ParentId}" : null,
            IsDone ? null : DescribeAwait(),
            GetStack(),
            track.IsTracked ? CountersOf(in track, TrackClock.NowMs()) : null);
    }

    /// <summary>This frame in a chain. Delegate tasks are one opaque frame.</summary>
    internal virtual FrameSnapshot DescribeFrame() =>
        _extras?.Body is Task or Delegate
            ? new FrameSnapshot(BodyName, (_extras.Body as Delegate)?.Method.DeclaringType is { } t ? FrameNames.OwnerName(t) : null, -1)
            : new FrameSnapshot(BodyName, null, -1);

    /// <summary>The coroutine frame this one is suspended awaiting, if it awaits one.</summary>
    internal virtual AioTask? AwaitedFrame() => null;

    /// <summary>The awaiter type the frame is suspended at, if it is suspended.</summary>
    internal virtual Type? PendingAwaiterType() => _extras?.Body is Task t && !t.IsCompleted ? typeof(Task) : null;

    /// <summary>The innermost frame of the chain.</summary>
    private AioTask Innermost()
    {
        AioTask frame = this;
        for (int depth = 0; depth < 256 && frame.AwaitedFrame() is { } inner; depth++)
        {
            frame = inner;
        }

        return frame;
    }

    private string DescribeLiveState()
    {
        if (IsDone)
        {
            return "done";
        }

        if (IsTask && ReferenceEquals(Loop.CurrentTask, this))
        {
            return "running";
        }

        return _waitingOn is not null || (_mode & Mode.ParkedForeign) != 0 ? "waiting" : "ready";
    }

    /// <summary>What the task waits on now, from its wait target and the innermost frame's awaiter.</summary>
    internal AwaitSnapshot? DescribeAwait()
    {
        object? target = _waitingOn;
        Type? awaiter = Innermost().PendingAwaiterType();
        switch (target)
        {
            case SleepTimer sleep:
                double left = sleep.When - Loop.Time();
                return double.IsPositiveInfinity(sleep.When)
                    ? new AwaitSnapshot("sleep", "sleep forever", null)
                    : new AwaitSnapshot("sleep", FormattableString.Invariant($"sleep until {sleep.When:F3} (in {Math.Max(0, left):F3} s)"), sleep.When);
            case WaiterNode when awaiter == typeof(Task):
                // A Task-returning body awaits through the .NET builder: the primitive's type is not visible.
                return new AwaitSnapshot("primitive", "a lock, event, semaphore, condition or queue (inside a Task-returning body)", null);
            case WaiterNode:
                string kind = KindOf(awaiter) ?? "other";
                return new AwaitSnapshot(kind, $"{kind} ({(awaiter is null ? "waiter" : Pretty(awaiter))})", null);
            case AioTask task:
                return new AwaitSnapshot("task", $"task {task}", null);
            case Future future:
                return new AwaitSnapshot("future", $"future {future}", null);
            case WaitSlot:
                return new AwaitSnapshot("io", $"io wait ({(awaiter is null ? "stream" : Pretty(awaiter))})", null);
            case List<IWaitTarget> several:
                return new AwaitSnapshot("other", $"{several.Count} loop awaits at once", null);
            case null when (_mode & Mode.ParkedForeign) != 0 || awaiter is not null:
                return awaiter is null ? null : new AwaitSnapshot(KindOf(awaiter) ?? "foreign", $"foreign await ({Pretty(awaiter)})", null);
            case null:
                return null;
            default:
                return new AwaitSnapshot("other", target.GetType().Name, null);
        }
    }

    private static string? KindOf(Type? awaiter)
    {
        string? name = awaiter is null ? null : Pretty(awaiter);
        return name switch
        {
            null => null,
            _ when name.StartsWith("AioLock", StringComparison.Ordinal) => "lock",
            _ when name.Contains("Semaphore", StringComparison.Ordinal) => "semaphore",
            _ when name.StartsWith("AioEvent", StringComparison.Ordinal) => "event",
            _ when name.StartsWith("AioCondition", StringComparison.Ordinal) => "condition",
            _ when name.Contains("Queue", StringComparison.Ordinal) => "queue",
            _ when name.StartsWith("AioBarrier", StringComparison.Ordinal) => "barrier",
            _ => null,
        };
    }

    /// <summary>A nested type's name with its outer types and without generic arity: <c>AioQueue.GetAwaitable.Awaiter</c>.</summary>
    private static string Pretty(Type type)
    {
        static string Strip(string name) => name.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0 ? name[..tick] : name;
        string name = Strip(type.Name);
        for (Type? outer = type.DeclaringType; outer is not null; outer = outer.DeclaringType)
        {
            name = $"{Strip(outer.Name)}.{name}";
        }

        return name;
    }

    internal static TaskCounters CountersOf(in TaskTrack track, long now)
    {
        const double f = 1000;
        long age = Math.Max(0, now - track.CreatedMs);
        long sinceLast = Math.Max(0, now - (track.LastStepEndMs != 0 ? track.LastStepEndMs : track.CreatedMs));
        return new TaskCounters(track.Steps, track.BusyMs / f, Math.Max(0, age - track.BusyMs) / f, track.LongestStepMs / f, sinceLast / f, age / f);
    }

    /// <summary>Tracking: who asked for the cancellation, from where, and where the task was suspended.</summary>
    private void RecordCanceller()
    {
        EventLoop loop = Loop;
        if (loop.TrackOf(this) is not { IsTracked: true, Cancel: null })
        {
            return; // Created before tracking, or cancelled before: the first canceller is the one kept.
        }

        AioTask? canceller = loop.IsOnLoopThread ? loop.CurrentTask : null;
        string by = canceller is not null ? $"{canceller.Name} (Task-{canceller._number})"
            : !loop.IsRunning ? "(no task: the loop was not running, e.g. Asyncio.Run cancelling what was left)"
            : loop.IsOnLoopThread ? "(no task: a loop callback)"
            : "(another thread)";

        // Where: file and line in debug mode; otherwise the running coroutine's method, free; no walk
        // at all when the loop is not running (a shutdown cancelling thousands of tasks at once).
        string? site = loop.Debug ? CallSites.Capture(withFileInfo: true)
            : loop.RunningFrameSite ?? (loop.IsRunning ? CallSites.Capture(withFileInfo: false) : null);
        loop.RecordCancel(this, new CancelRecord(by, site, GetStack()));
    }
}
