namespace Aio;

/// <summary>
/// One live task as <see cref="EventLoop.GetTaskSnapshots"/> saw it: who it is, where it was created,
/// what it waits on now and the chain of coroutines it is suspended in (outermost first).
/// </summary>
/// <param name="Id">The task's number (<see cref="AioTask.Id"/>), unique in the process.</param>
/// <param name="Name">The task's name.</param>
/// <param name="State"><c>running</c> (its step is executing), <c>ready</c> (queued to run), <c>waiting</c> (suspended) or <c>done</c>.</param>
/// <param name="CreationSite">Where the task was created, when the loop tracks tasks (<see cref="EventLoop.TaskTracking"/>).</param>
/// <param name="ParentId">The task that created it, when tracked and there was one.</param>
/// <param name="ParentName">That task's name.</param>
/// <param name="Awaiting">What the innermost coroutine awaits, if the task is suspended.</param>
/// <param name="Chain">The coroutines the task is suspended in, from the task's body down to the innermost await.</param>
/// <param name="Counters">Steps and times, when tracked.</param>
public sealed record TaskSnapshot(
    int Id,
    string Name,
    string State,
    string? CreationSite,
    int? ParentId,
    string? ParentName,
    AwaitSnapshot? Awaiting,
    IReadOnlyList<FrameSnapshot> Chain,
    TaskCounters? Counters);

/// <summary>One coroutine of a task's chain: the async method and the type that declares it.</summary>
/// <param name="Method">The method's name, as Python would show it (<c>Inner</c>, <c>&lt;lambda&gt;</c>).</param>
/// <param name="DeclaringType">The type the method is declared in, if known.</param>
/// <param name="AwaitIndex">Which of the method's awaits it is suspended at (the compiler's state number), or -1.</param>
public sealed record FrameSnapshot(string Method, string? DeclaringType, int AwaitIndex)
{
    /// <summary>Formats the frame as <c>Type.Method</c>.</summary>
    public override string ToString() => DeclaringType is null ? Method : $"{DeclaringType}.{Method}";
}

/// <summary>What a suspended task waits on.</summary>
/// <param name="Kind"><c>sleep</c>, <c>lock</c>, <c>semaphore</c>, <c>event</c>, <c>condition</c>, <c>queue</c>, <c>future</c>, <c>task</c>, <c>io</c> (a socket or pipe read or write), <c>foreign</c> (a .NET task or other foreign awaitable), <c>primitive</c> (a lock, event, semaphore, condition or queue awaited from a <c>Task</c>-returning body, whose awaiter is not visible), or <c>other</c>.</param>
/// <param name="Description">In words, for example <c>sleep until 12.500 (in 3.2 s)</c>.</param>
/// <param name="Deadline">For a sleep: the loop time it ends at.</param>
public sealed record AwaitSnapshot(string Kind, string Description, double? Deadline)
{
    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>
/// Per-task counters in the spirit of tokio-console, kept while the loop tracks tasks.
/// Times are in seconds.
/// </summary>
/// <param name="Steps">How many times the task ran (its first step and every resumption).</param>
/// <param name="BusySeconds">Time spent running its steps.</param>
/// <param name="IdleSeconds">Time alive but not running.</param>
/// <param name="LongestStepSeconds">The longest single step; a step over the loop's <see cref="EventLoop.SlowCallbackDuration"/> blocked the loop.</param>
/// <param name="SinceLastStepSeconds">Time since its last step ended (or since it was created, before its first).</param>
/// <param name="AgeSeconds">Time since it was created.</param>
public sealed record TaskCounters(long Steps, double BusySeconds, double IdleSeconds, double LongestStepSeconds, double SinceLastStepSeconds, double AgeSeconds);

/// <summary>A task that finished recently, from the loop's bounded history (<see cref="EventLoop.GetTerminatedTasks"/>).</summary>
/// <param name="Id">The task's number.</param>
/// <param name="Name">The task's name.</param>
/// <param name="Outcome"><c>finished</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Error">For a failed task, the exception's type and message.</param>
/// <param name="EndedAt">Loop time it ended at (the time the loop read in the iteration it ended in, at its start while tracking was on).</param>
/// <param name="CreationSite">Where it was created.</param>
/// <param name="CancelledBy">For a cancelled task: the task that called <see cref="AioTask.Cancel"/> (<c>Task-7 'reaper'</c>), or <c>(no task)</c> for a plain callback or another thread.</param>
/// <param name="CancelSite">Where that call was made (the canceller's method and source line where the PDB allows).</param>
/// <param name="ChainAtCancel">The coroutines the task was suspended in when it was cancelled (or when it last suspended).</param>
/// <param name="Counters">Its counters at the end.</param>
public sealed record TerminatedTaskSnapshot(
    int Id,
    string Name,
    string Outcome,
    string? Error,
    double EndedAt,
    string? CreationSite,
    string? CancelledBy,
    string? CancelSite,
    IReadOnlyList<FrameSnapshot> ChainAtCancel,
    TaskCounters? Counters);

/// <summary>The loop's state at a moment (<see cref="EventLoop.GetLoopSnapshot"/>).</summary>
/// <param name="LoopId">The loop's <see cref="EventLoop.Id"/>.</param>
/// <param name="Running">Whether it runs.</param>
/// <param name="Debug">Whether debug mode is on.</param>
/// <param name="Time">The loop's clock.</param>
/// <param name="ReadyCallbacks">Callbacks queued for the next iteration.</param>
/// <param name="Timers">Scheduled timers.</param>
/// <param name="LiveTasks">Tasks not done yet.</param>
/// <param name="IoRegistrations">Whether file descriptors (sockets, pipes) are registered with the reactor.</param>
/// <param name="Iterations">Loop iterations so far, when tracked.</param>
/// <param name="BusySeconds">Time spent running callbacks, when tracked (for utilisation: its growth over wall time).</param>
/// <param name="CurrentTask">The task whose step runs right now, if any.</param>
public sealed record LoopSnapshot(
    int LoopId,
    bool Running,
    bool Debug,
    double Time,
    int ReadyCallbacks,
    int Timers,
    int LiveTasks,
    bool IoRegistrations,
    long Iterations,
    double BusySeconds,
    string? CurrentTask)
{
    /// <summary>Servers (<see cref="AioServer"/>) still open, counting those opened while the loop was in debug mode or tracked tasks (<see cref="EventLoop.TaskTracking"/>).</summary>
    public int OpenServers { get; init; }

    /// <summary>Socket transports still open, counting those opened while the loop was in debug mode or tracked tasks.</summary>
    public int OpenTransports { get; init; }
}
