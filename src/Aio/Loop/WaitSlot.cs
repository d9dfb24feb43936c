using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A reusable place for one suspended awaiter, for hot waits that happen again and again on the
/// same object (a stream reader waiting for data): waiting allocates nothing, where asyncio makes a
/// future each time. Waking queues the continuation as a step of the task that waited, as a
/// future's callback would; cancelling that task wakes it with <see cref="CancelledError"/>.
/// </summary>
internal sealed class WaitSlot : IWaitTarget
{
    private readonly EventLoop _loop;
    private object? _continuation;
    private AioTask? _task;
    private bool _woken;
    private CancelledError? _cancelled;
    private Exception? _error;

    public WaitSlot(EventLoop loop)
    {
        _loop = loop;
    }

    /// <summary>Whether an awaiter is suspended here (asyncio's <c>self._waiter is not None</c>).</summary>
    public bool IsWaiting => _continuation is not null;

    /// <summary>An awaitable that suspends the caller here until <see cref="Wake"/>.</summary>
    public Awaitable Wait() => new(this);

    /// <summary>Resumes the waiter on the next iteration, if there is one and it is not already on its way.</summary>
    public void Wake()
    {
        if (_continuation is null || _woken)
        {
            return;
        }

        _woken = true;
        _loop.Enqueue(_continuation, null, _task);
    }

    /// <summary>Resumes the waiter with <paramref name="error"/> raised at its await (a future's <c>set_exception</c>).</summary>
    public void Fail(Exception error)
    {
        if (_continuation is null || _woken)
        {
            return;
        }

        _error = error;
        Wake();
    }

    public bool CancelWait(AioTask waiter, string? message)
    {
        if (_continuation is null || _woken)
        {
            return false;
        }

        _cancelled = new CancelledError(message);
        Wake();
        return true;
    }

    public bool WasCancelled => _cancelled is not null;

    private void Register(object continuation)
    {
        _continuation = continuation;
        _task = _loop.CurrentTask;
        _woken = false;
        _cancelled = null;
        _error = null;
        _task?.SuspendOn(this);
    }

    private void OnResumed()
    {
        CancelledError? cancelled = _cancelled;
        Exception? error = _error;
        _continuation = null;
        _task = null;
        _error = null;
        _woken = false;
        try
        {
            // The task asks WasCancelled, so the cancellation stays recorded until it has looked.
            _loop.CurrentTask?.ResumeFrom(this);
        }
        finally
        {
            _cancelled = null;
        }

        if (cancelled is not null)
        {
            throw cancelled;
        }

        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <summary>Awaits a <see cref="WaitSlot"/>.</summary>
    internal readonly struct Awaitable(WaitSlot slot)
    {
        public Awaiter GetAwaiter() => new(slot);
    }

    /// <summary>Always suspends; resumes when the slot is woken or the task cancelled.</summary>
    internal readonly struct Awaiter(WaitSlot slot) : ICriticalNotifyCompletion, ILoopAwaiter
    {
        public bool IsCompleted => false;

        public void GetResult() => slot.OnResumed();

        public void OnCompleted(Action continuation) => slot.Register(continuation);

        public void UnsafeOnCompleted(Action continuation) => slot.Register(continuation);

        void ILoopAwaiter.Register(object continuation) => slot.Register(continuation);
    }
}
