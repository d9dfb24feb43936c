namespace Aio;

/// <summary>How a wait on a synchronisation primitive ended (asyncio: the waiter future's state).</summary>
internal enum WaiterState : byte
{
    /// <summary>Still waiting.</summary>
    Pending,

    /// <summary>Woken by the primitive (asyncio: the waiter future got a result).</summary>
    Woken,

    /// <summary>Cancelled while waiting (asyncio: the waiter future was cancelled).</summary>
    Cancelled,
}

/// <summary>A primitive that may send a woken waiter back to sleep (asyncio's <c>while self.empty(): ... await getter</c> loop).</summary>
internal interface IWaiterOwner
{
    /// <summary>Called when a woken waiter is about to resume; false re-queues it to wait again.</summary>
    bool ShouldResume(WaiterNode node);
}

/// <summary>
/// One blocked caller of a lock, semaphore, event, condition or queue: where asyncio creates a
/// future per waiter, Aio uses a node from the loop's pool, so hand-offs allocate nothing. The
/// node is both what the task is suspended on (cancelling the task cancels the node) and the
/// ready-queue entry that resumes it.
/// </summary>
/// <remarks>
/// Lifecycle: rented, appended to the primitive's <see cref="WaiterList"/>, suspended; then woken
/// (<see cref="Wake"/>) or cancelled (<see cref="CancelWait"/>), which queues it; when it runs it
/// resumes the awaiting code, whose <c>GetResult</c> calls <see cref="EndWait"/>, applies the
/// primitive's asyncio bookkeeping, and returns the node to the pool.
/// </remarks>
internal sealed class WaiterNode : IWaitTarget, IRunnable
{
    public WaiterList? List { get; set; }

    public WaiterNode? Previous { get; set; }

    public WaiterNode? Next { get; set; }

    public WaiterState State { get; private set; }

    public AioTask? Task { get; private set; }

    // The loop the waiter belongs to: it may be woken or cancelled while no loop runs (between
    // runs, during Runner cleanup), or while another loop runs on this thread.
    private EventLoop? _loop;
    private object? _continuation;
    private IWaiterOwner? _owner;
    private string? _cancelMessage;

    /// <summary>Records what to resume and which task waits; a pending cancellation of that task lands here at once.</summary>
    public void Suspend(EventLoop loop, object continuation, IWaiterOwner? owner)
    {
        _loop = loop;
        _continuation = continuation;
        _owner = owner;
        State = WaiterState.Pending;
        Task = loop.CurrentTask;
        Task?.SuspendOn(this);
    }

    /// <summary>Wakes the waiter; it resumes on the next loop iteration (asyncio: <c>fut.set_result()</c> then the task's wake-up).</summary>
    public void Wake()
    {
        State = WaiterState.Woken;
        _loop!.Enqueue(this, null, Task);
    }

    /// <summary>Puts a woken waiter back to waiting, at the end of <paramref name="list"/> (asyncio's loop around <c>await getter</c>).</summary>
    public void WaitAgain(WaiterList list)
    {
        State = WaiterState.Pending;
        list.Append(this);
    }

    public bool CancelWait(AioTask waiter, string? message)
    {
        if (State != WaiterState.Pending)
        {
            return false;
        }

        State = WaiterState.Cancelled;
        _cancelMessage = message;
        _loop!.Enqueue(this, null, Task);
        return true;
    }

    void IRunnable.Run(object? state)
    {
        if (State == WaiterState.Woken && _owner is not null && Task?.CancelPending != true && !_owner.ShouldResume(this))
        {
            return;
        }

        if (_continuation is IRunnable runnable)
        {
            runnable.Run(null);
        }
        else
        {
            ((Action)_continuation!)();
        }
    }

    /// <summary>
    /// Called by the awaiter's <c>GetResult</c>: the exception the wait ends with, if any — the
    /// cancellation of the node, or one requested while the wake-up was on its way.
    /// </summary>
    public Exception? EndWait()
    {
        try
        {
            Task?.ResumeFrom(this);
        }
        catch (Exception e)
        {
            return e;
        }

        return State == WaiterState.Cancelled ? new CancelledError(_cancelMessage) : null;
    }

    /// <inheritdoc />
    public bool WasCancelled => State == WaiterState.Cancelled;

    /// <summary>The loop the node belongs to (to return it to that loop's pool).</summary>
    public EventLoop? Loop => _loop;

    /// <summary>Clears the node for reuse.</summary>
    public void Reset()
    {
        List = null;
        Previous = null;
        Next = null;
        Task = null;
        _loop = null;
        _continuation = null;
        _owner = null;
        _cancelMessage = null;
        State = WaiterState.Pending;
    }
}
