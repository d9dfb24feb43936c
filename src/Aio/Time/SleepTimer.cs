namespace Aio;

/// <summary>
/// The timer behind one <c>Sleep(d)</c>: it is both the timer queue's entry and what the sleeping
/// task waits on, so a sleep costs one object and no future. When it fires, the task's continuation is
/// queued (asyncio resumes a sleeper on the iteration after its timer, through the future's callback,
/// and so does Aio). Cancelling the task cancels the timer and resumes the task with <see cref="CancelledError"/>.
/// </summary>
/// <remarks>
/// Timers are reused: when the sleeper resumes, nothing refers to its timer any more (the compiler
/// clears the awaiter field before <c>GetResult</c>, the task forgets its wait target, the timer has
/// left the queue and the ready queue), so it goes back to a small per-loop pool and the next sleep
/// takes it. A sleep in steady state therefore allocates nothing. A cancelled timer still in the
/// queue (removed lazily) is not reused.
/// </remarks>
internal sealed class SleepTimer : TimerHandle, IWaitTarget
{
    // Enough for a few thousand tasks sleeping in a loop; beyond that a sleep allocates its timer again.
    private const int MaxSpare = 4096;

    private object? _continuation;
    private AioTask? _task;
    private bool _fired;

    private SleepTimer(EventLoop loop, double when)
        : base(loop, when)
    {
    }

    /// <summary>A timer for a sleep until <paramref name="when"/>: a spare one of the loop's, else a new one.</summary>
    public static SleepTimer Rent(EventLoop loop, double when)
    {
        if (loop.SpareSleepTimers.TryPop(out SleepTimer? timer))
        {
            timer.When = when;
            return timer;
        }

        return new SleepTimer(loop, when);
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
        CancelledError? cancelled = Cancellation;
        try
        {
            Loop.CurrentTask?.ResumeFrom(this);
        }
        finally
        {
            Release();
        }

        if (cancelled is not null)
        {
            throw cancelled;
        }
    }

    /// <summary>Back to the loop's spare timers, unless it is still in the queue (cancelled, removed lazily).</summary>
    private void Release()
    {
        Stack<SleepTimer> spare = Loop.SpareSleepTimers;
        if (Scheduled || spare.Count >= MaxSpare)
        {
            return;
        }

        _continuation = null;
        _task = null;
        _fired = false;
        Cancellation = null;
        ResetCancelled();
        spare.Push(this);
    }
}
