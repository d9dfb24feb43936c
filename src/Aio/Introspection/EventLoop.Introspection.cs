using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Aio;

/// <summary>Introspection of a loop: snapshots of its tasks, the history of finished ones, its own state.</summary>
/// <remarks>
/// Design note (docs/design/introspection.md). Everything here is read on demand, except what
/// <see cref="TaskTracking"/> turns on: per-task creation sites, parents and step counters, and the
/// bounded history of finished tasks. With tracking off the loop's hot paths only test one flag.
/// </remarks>
public sealed partial class EventLoop
{
    private TerminatedEntry[] _history = [];
    private TaskTrack[] _tracks = [];
    private int _historyNext;
    private int _historyCount;
    private long _iterations;
    private long _busyMs;
    private double _iterationTime;
    private long _trackLastMs;
    private bool _trackedLastIteration;

    /// <summary>
    /// The <see cref="FrameSites"/> number of the coroutine method whose code runs right now, 0 outside any
    /// (set around each state machine step while <see cref="Tracking"/>): what a new task's creation site
    /// is when tracking without debug mode, exact to the method and free of a stack walk.
    /// </summary>
    internal int RunningSite;

    /// <summary>The site name of the coroutine method running now, or null outside any.</summary>
    internal string? RunningFrameSite => FrameSites.NameOf(RunningSite);

    /// <summary>
    /// Whether the loop tracks its tasks: where each was created and by which task, its step counters
    /// (steps, busy and idle time, its longest step), who cancelled it, and a bounded history of
    /// finished tasks (<see cref="TerminatedHistorySize"/>). On in debug mode; Aio.Monitor turns it on.
    /// A task records its creation site when it is created, so turn tracking on before creating the
    /// tasks of interest.
    /// </summary>
    public bool TaskTracking
    {
        get => Tracking;
        set
        {
            _taskTracking = value;
            Tracking = value || Debug;
        }
    }

    /// <summary><see cref="TaskTracking"/> as one field, kept current by it and by <see cref="Debug"/>: what hot paths read.</summary>
    /// <remarks>While it is on (and the loop is open) the loop is a user of <see cref="TrackClock"/>, whose count only advances while it has one.</remarks>
    internal bool Tracking
    {
        get;
        private set
        {
            if (value && !field)
            {
                _trackedLastIteration = false; // what the last tracked iteration left in _trackLastMs is stale now
            }

            field = value;
            UseTrackClock(value && !IsClosed);
        }
    }

    private bool _usesTrackClock;

    private bool _taskTracking;

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
        TerminatedEntry[] history = _history;
        int count = Math.Min(_historyCount, history.Length);
        int start = count < history.Length ? 0 : _historyNext;
        for (int i = 0; i < count; i++)
        {
            result.Add(history[(start + i) % history.Length].ToSnapshot());
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
            Volatile.Read(ref _busyMs) / 1000.0,
            CurrentTask?.Name)
        {
            OpenServers = OpenServerCount,
            OpenTransports = OpenResourceCount - OpenServerCount,
        };

    /// <summary>The tracked record of a live task, or a default (untracked) one.</summary>
    internal TaskTrack TrackOf(AioTask task) =>
        task.LiveIndex is int slot and >= 0 && slot < _tracks.Length && _tracks[slot].Belongs(task) ? _tracks[slot] : default;

    /// <summary>Tracking: a new task's record, in its live slot (called as the task is listed).</summary>
    private void StartTrack(AioTask task, int slot)
    {
        if (_tracks.Length < _live.Length)
        {
            Array.Resize(ref _tracks, _live.Length);
        }

        AioTask? parent = IsOnLoopThread ? CurrentTask : null;

        // Debug mode walks the stack for file and line; otherwise the running coroutine frame names
        // the method for free, as a number resolved when read (outside any coroutine, in a delegate task
        // or a callback, it is a walk). Cleared and written field by field in place: a whole struct copied
        // into the array would cost a GC write barrier per reference field, null or not, while clearing
        // stores nulls, which need none, and leaves nothing of the slot's previous task.
        int frameSite = Debug ? 0 : RunningSite;
        string? captured = frameSite != 0 ? null : CallSites.Capture(withFileInfo: Debug);
        ref TaskTrack track = ref _tracks[slot];
        track = default;
        track.TaskNumber = task.Number;
        track.FrameSite = frameSite;
        track.CapturedSite = captured;
        track.ParentId = parent?.Id ?? 0;
        track.ParentName = parent?.CustomName; // null for a default name: "Task-N" is formatted when read, not per child
        track.CreatedMs = TrackClock.NowMs();

        if (Debug)
        {
            task.NoteCreationSite(captured!);
        }
    }

    /// <summary>Starts or stops this loop's use of <see cref="TrackClock"/> (idempotent); <see cref="Close"/> stops it.</summary>
    private void UseTrackClock(bool use)
    {
        if (use == _usesTrackClock)
        {
            return;
        }

        _usesTrackClock = use;
        if (use)
        {
            TrackClock.AddUser();
        }
        else
        {
            TrackClock.RemoveUser();
        }
    }

    /// <summary>Tracking: asks the CPU to start loading <paramref name="task"/>'s record (both of its cache lines).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchTrack(AioTask? task)
    {
        if (Sse.IsSupported && task is not null && (uint)task.LiveIndex < (uint)_tracks.Length)
        {
            byte* record = (byte*)Unsafe.AsPointer(ref _tracks[task.LiveIndex]);
            Sse.Prefetch0(record);
            Sse.Prefetch0(record + 64);
        }
    }

    /// <summary>Tracking: one step of <paramref name="task"/> took <paramref name="ms"/> and ended at <paramref name="endMs"/> (<see cref="TrackClock"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RecordStep(AioTask task, long ms, long endMs)
    {
        int slot = task.LiveIndex;
        if ((uint)slot >= (uint)_tracks.Length)
        {
            return;
        }

        ref TaskTrack track = ref _tracks[slot];
        if (!track.Belongs(task))
        {
            return; // created while tracking was off
        }

        track.Steps++;
        track.BusyMs += ms;
        track.LastStepEndMs = endMs;
        if (ms > track.LongestStepMs)
        {
            track.LongestStepMs = ms;
        }
    }

    /// <summary>Tracking: remembers who cancelled a live task.</summary>
    internal void RecordCancel(AioTask task, CancelRecord record)
    {
        int slot = task.LiveIndex;
        if ((uint)slot < (uint)_tracks.Length && _tracks[slot].Belongs(task))
        {
            _tracks[slot].Cancel ??= record;
        }
    }

    /// <summary>Tracking: a finished task goes into the history (its slot's record stays until the slot's next task overwrites it).</summary>
    private void RecordTerminated(AioTask task, int slot)
    {
        int size = TerminatedHistorySize;
        if (size == 0)
        {
            return;
        }

        if (_history.Length != size)
        {
            _history = new TerminatedEntry[size];
            _historyNext = 0;
            _historyCount = 0;
        }

        // Written field by field in place: no copy of the entry through the stack.
        Exception? error = task.PeekException;
        ref TerminatedEntry entry = ref _history[_historyNext];
        entry.Id = task.Id;
        entry.Name = task.CustomName;
        entry.Outcome = task.IsCancelled ? TaskOutcome.Cancelled : error is null ? TaskOutcome.Finished : TaskOutcome.Failed;
        entry.Error = error;
        // The loop time of the iteration it ended in: no clock read per task. The loop skips that read
        // when it has no timer and tracking was off at the iteration's start; the first task to end
        // in such an iteration reads it.
        if (double.IsNaN(_iterationTime))
        {
            _iterationTime = _clock.Now();
        }

        entry.EndedAt = _iterationTime;
        entry.EndedMs = TrackClock.NowMs();
        if ((uint)slot < (uint)_tracks.Length && _tracks[slot].Belongs(task))
        {
            entry.Track = _tracks[slot];
        }
        else
        {
            entry.Track = default;
        }
        _historyNext = _historyNext + 1 == size ? 0 : _historyNext + 1;
        _historyCount = Math.Min(_historyCount + 1, size);
    }
}
