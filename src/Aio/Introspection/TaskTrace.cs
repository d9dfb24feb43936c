namespace Aio;

/// <summary>
/// What a tracked task records about itself (<see cref="EventLoop.TaskTracking"/>): where and by
/// whom it was created, its step counters, and who cancelled it. Untracked tasks have none, so
/// tracking off costs a task nothing.
/// </summary>
internal sealed class TaskTrace
{
    public string? CreationSite { get; set; }

    public int? ParentId { get; set; }

    public string? ParentName { get; set; }

    public long CreatedTicks { get; set; }

    public long Steps { get; set; }

    public long BusyTicks { get; set; }

    public long LongestStepTicks { get; set; }

    public long LastStepEndTicks { get; set; }

    public string? CancelledBy { get; set; }

    public string? CancelSite { get; set; }

    public IReadOnlyList<FrameSnapshot>? ChainAtCancel { get; set; }

    public IReadOnlyList<FrameSnapshot>? LastChain { get; set; }
}
