namespace Aio;

/// <summary>
/// The timer behind one <c>Sleep(d)</c>: it is both the heap entry and what the sleeping task waits
/// on, so a sleep costs one object and no future. When it fires, the task's continuation is queued
/// (asyncio resumes a sleeper on the iteration after its timer, through the future's callback, and so
/// does Aio). Cancelling the task cancels the timer and resumes the task with <see cref="CancelledError"/>.
/// </summary>
internal sealed class SleepTimer : TimerHandle, IWaitTarget
{
    private object? _continuation;
    private AioTask? _task;
    private bool _fired;

    public SleepTimer(EventLoop loop, double when)
        : base(loop, when)
    {
    }

    /// <summary>Set when the wait was cancelled; the awaiter then throws instead of returning.</summary>
    public CancelledError? Cancellation { get; private set; }

    public void Register(object continuation)
    {
        _continuation = continuation;
        _task = Loop.CurrentTask;
        if (!double.IsPositiveInfinity(When))
        {
            Loop.Schedule(this);
        }

        _task?.SuspendOn(this);
    }

    internal override void Invoke()
    {
        _fired = true;
        Loop.Enqueue(_continuation!, null, _task);
    }

    public bool CancelWait(AioTask waiter, string? message)
    {
        if (_fired || Cancellation is not null || _continuation is null)
        {
            return false;
        }

        Cancellation = new CancelledError(message);
        Cancel();
        Loop.Enqueue(_continuation, null, _task);
        return true;
    }

    public bool WasCancelled => Cancellation is not null;

    public void OnResumed()
    {
        Loop.CurrentTask?.ResumeFrom(this);
        if (Cancellation is { } cancelled)
        {
            throw cancelled;
        }
    }
}
