namespace Aio;

/// <summary>
/// Something a task can be suspended on (asyncio's <c>_fut_waiter</c>): a future, a sleep timer.
/// Cancelling the task cancels what it waits on, which resumes it with <see cref="CancelledError"/>.
/// </summary>
internal interface IWaitTarget
{
    /// <summary>Cancels <paramref name="waiter"/>'s wait; false when it is already over (then the task cancels at its next step).</summary>
    bool CancelWait(AioTask waiter, string? message);

    /// <summary>Whether the wait ended in cancellation; then the awaiter raises that <see cref="CancelledError"/>, not a newer request's.</summary>
    bool WasCancelled { get; }
}

/// <summary>
/// An awaiter owned by the loop. The coroutine builder hands it the frame to resume instead of a
/// delegate, and it records which task is suspended on what.
/// </summary>
internal interface ILoopAwaiter
{
    /// <summary>Arranges for <paramref name="continuation"/> (an <see cref="Action"/> or <see cref="IRunnable"/>) to run when done.</summary>
    void Register(object continuation);
}

/// <summary>An awaiter of a coroutine awaited inline: introspection follows it from a suspended frame to the frame it awaits.</summary>
internal interface IFrameAwaiter
{
    /// <summary>The coroutine frame being awaited (null for a default awaiter).</summary>
    AioTask? Frame { get; }
}
