using System.Diagnostics;

namespace Aio;

/// <summary>Introspection of a loop: snapshots of its tasks, the history of finished ones, its own state.</summary>
/// <remarks>
/// Design note (docs/design/introspection.md). Everything here is read on demand, except what
/// <see cref="TaskTracking"/> turns on: per-task creation sites, parents and step counters, and the
/// bounded history of finished tasks. With tracking off the loop's hot paths only test one flag.
/// </remarks>
public sealed partial class EventLoop
{
    private TerminatedTaskSnapshot?[] _history = [];
    private int _historyNext;
    private int _historyCount;
    private long _iterations;
    private long _busyTicks;

    /// <summary>
    /// Whether the loop tracks its tasks: where each was created and by which task, its step counters
    /// (steps, busy and idle time, its longest step), who cancelled it, and a bounded history of
    /// finished tasks (<see cref="TerminatedHistorySize"/>). On in debug mode; Aio.Monitor turns it on.
    /// A task records its creation site when it is created, so turn tracking on before creating the
    /// tasks of interest.
    /// </summary>
    public bool TaskTracking
    {
        get => field || Debug;
        set => field = value;
    }

    /// <summary>How many finished tasks <see cref="GetTerminatedTasks"/> remembers (default 1000).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int TerminatedHistorySize
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
            _history = [];
            _historyNext = 0;
            _historyCount = 0;
        }
    } = 1000;

    /// <summary>
    /// Snapshots of the live tasks, oldest first. Call it on the loop's thread (the monitor posts it
    /// there); from another thread the result is a best-effort read of a loop that may be changing.
    /// </summary>
    public IReadOnlyList<TaskSnapshot> GetTaskSnapshots()
    {
        var result = new List<TaskSnapshot>();
        foreach (AioTask task in AllTasks())
        {
            result.Add(task.Snapshot());
        }

        return result;
    }

    /// <summary>The recently finished tasks, oldest first (empty unless <see cref="TaskTracking"/> was on while they ended).</summary>
    public IReadOnlyList<TerminatedTaskSnapshot> GetTerminatedTasks()
    {
        var result = new List<TerminatedTaskSnapshot>(_historyCount);
        TerminatedTaskSnapshot?[] history = _history;
        int count = Math.Min(_historyCount, history.Length);
        int start = count < history.Length ? 0 : _historyNext;
        for (int i = 0; i < count; i++)
        {
            if (history[(start + i) % history.Length] is { } entry)
            {
                result.Add(entry);
            }
        }

        return result;
    }

    /// <summary>The loop's state now: queues, timers, tasks, and (when tracked) iterations and busy time.</summary>
    public LoopSnapshot GetLoopSnapshot() =>
        new(
            Id,
            IsRunning,
            Debug,
            Time(),
            _ready.Count,
            _timers.Count,
            _liveCount,
            Reactor.HasRegistrations,
            Volatile.Read(ref _iterations),
            Volatile.Read(ref _busyTicks) / (double)Stopwatch.Frequency,
            CurrentTask?.Name);

    /// <summary>Tracking: a finished task goes into the history.</summary>
    private void RecordTerminated(AioTask task)
    {
        int size = TerminatedHistorySize;
        if (size == 0)
        {
            return;
        }

        if (_history.Length != size)
        {
            _history = new TerminatedTaskSnapshot?[size];
            _historyNext = 0;
            _historyCount = 0;
        }

        TaskTrace? trace = task.Trace;
        string outcome = task.IsCancelled ? "cancelled" : task.PeekException is null ? "finished" : "failed";
        string? error = task.PeekException is { } e ? $"{e.GetType().Name}: {e.Message}" : null;
        _history[_historyNext] = new TerminatedTaskSnapshot(
            task.Id,
            task.Name,
            outcome,
            error,
            Time(),
            trace?.CreationSite,
            task.IsCancelled ? trace?.CancelledBy : null,
            task.IsCancelled ? trace?.CancelSite : null,
            trace?.ChainAtCancel ?? [],
            trace is null ? null : AioTask.CountersOf(trace, Stopwatch.GetTimestamp()));
        _historyNext = (_historyNext + 1) % size;
        _historyCount = Math.Min(_historyCount + 1, size);
    }
}
