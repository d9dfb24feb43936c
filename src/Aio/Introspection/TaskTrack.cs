namespace Aio;

/// <summary>
/// What a tracked task records (<see cref="EventLoop.TaskTracking"/>): kept in a struct array of the
/// loop, beside the live-task table and indexed by the same slot, so that tracking allocates nothing
/// per task and a step's counters are one array write away. <see cref="CreatedMs"/> is 0 for a
/// task created while tracking was off. Times are milliseconds of <see cref="TrackClock"/>.
/// </summary>
internal struct TaskTrack
{
    public string? Site;
    public string? ParentName;
    public int ParentId;
    public long CreatedMs;
    public long Steps;
    public long BusyMs;
    public long LongestStepMs;
    public long LastStepEndMs;
    public CancelRecord? Cancel;

    public readonly bool IsTracked => CreatedMs != 0;
}

/// <summary>Who cancelled a tracked task, from where, and where the task was suspended then.</summary>
internal sealed class CancelRecord(string cancelledBy, string? site, IReadOnlyList<FrameSnapshot> chain)
{
    public string CancelledBy { get; } = cancelledBy;

    public string? Site { get; } = site;

    public IReadOnlyList<FrameSnapshot> Chain { get; } = chain;
}

/// <summary>One entry of the loop's ring of finished tasks; snapshots are made from it when read.</summary>
internal struct TerminatedEntry
{
    public int Id;
    public string? Name;
    public string Outcome;
    public Exception? Error;
    public double EndedAt;
    public long EndedMs;
    public TaskTrack Track;

    public readonly TerminatedTaskSnapshot ToSnapshot()
    {
        bool cancelled = Outcome == "cancelled";
        return new TerminatedTaskSnapshot(
            Id,
            Name ?? $"Task-{Id}",
            Outcome,
            Error is { } e ? $"{e.GetType().Name}: {e.Message}" : null,
            EndedAt,
            Track.Site,
            cancelled ? Track.Cancel?.CancelledBy : null,
            cancelled ? Track.Cancel?.Site : null,
            Track.Cancel?.Chain ?? [],
            Track.IsTracked ? AioTask.CountersOf(in Track, EndedMs) : null);
    }
}
