namespace Aio;

/// <summary>
/// What a tracked task records (<see cref="EventLoop.TaskTracking"/>): kept in a struct array of the
/// loop, beside the live-task table and indexed by the same slot, so that tracking allocates nothing
/// per task and a step's counters are one array write away. A record names the task it belongs to
/// (<see cref="TaskNumber"/>): it is not cleared when the task ends, the slot's next tracked task
/// overwrites it, and a task created while tracking was off finds a record that is not its own and
/// counts as untracked. Times are milliseconds of <see cref="TrackClock"/>.
/// </summary>
internal struct TaskTrack
{
    public int TaskNumber;

    /// <summary>The <see cref="FrameSites"/> number of the coroutine method that created the task, or 0 (then <see cref="CapturedSite"/>).</summary>
    public int FrameSite;

    /// <summary>The creation site from a stack walk: in debug mode, or when no coroutine frame ran.</summary>
    public string? CapturedSite;
    public string? ParentName;
    public int ParentId;
    public long CreatedMs;
    public long Steps;
    public long BusyMs;
    public long LongestStepMs;
    public long LastStepEndMs;
    public CancelRecord? Cancel;

    public readonly bool IsTracked => TaskNumber != 0;

    /// <summary>Where the task was created: the creating coroutine method, or the captured call site.</summary>
    public readonly string? Site => CapturedSite ?? FrameSites.NameOf(FrameSite);

    /// <summary>Whether this is <paramref name="task"/>'s own record.</summary>
    public readonly bool Belongs(AioTask task) => TaskNumber == task.Number;
}

/// <summary>Who cancelled a tracked task, from where, and where the task was suspended then.</summary>
internal sealed class CancelRecord(string cancelledBy, string? site, IReadOnlyList<FrameSnapshot> chain)
{
    public string CancelledBy { get; } = cancelledBy;

    public string? Site { get; } = site;

    public IReadOnlyList<FrameSnapshot> Chain { get; } = chain;
}

/// <summary>How a finished task ended, as <see cref="TerminatedTaskSnapshot.Outcome"/> spells it.</summary>
internal enum TaskOutcome : byte
{
    Finished,
    Failed,
    Cancelled,
}

/// <summary>One entry of the loop's ring of finished tasks, written in place; snapshots are made from it when read.</summary>
internal struct TerminatedEntry
{
    public int Id;
    public TaskOutcome Outcome;
    public string? Name;
    public Exception? Error;
    public double EndedAt;
    public long EndedMs;
    public TaskTrack Track;

    public readonly TerminatedTaskSnapshot ToSnapshot()
    {
        bool cancelled = Outcome == TaskOutcome.Cancelled;
        return new TerminatedTaskSnapshot(
            Id,
            Name ?? $"Task-{Id}",
            Outcome switch { TaskOutcome.Cancelled => "cancelled", TaskOutcome.Failed => "failed", _ => "finished" },
            Error is { } e ? $"{e.GetType().Name}: {e.Message}" : null,
            EndedAt,
            Track.Site,
            cancelled ? Track.Cancel?.CancelledBy : null,
            cancelled ? Track.Cancel?.Site : null,
            Track.Cancel?.Chain ?? [],
            Track.IsTracked ? AioTask.CountersOf(in Track, EndedMs) : null);
    }
}
