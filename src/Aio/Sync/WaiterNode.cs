using System.Runtime.CompilerServices;

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

    /// <summary>The task that waits, or null when the awaiting code runs in no task.</summary>
    public AioTask? Task => _taskOrLoop is EventLoop ? null : Unsafe.As<AioTask>(_taskOrLoop);

    // The waiting task, or the loop when no task waits: the loop the waiter belongs to is the task's
    // (the node is suspended in the task's step), and it is needed because a waiter may be woken or
    // cancelled while no loop runs (between runs, during Runner cleanup) or while another loop runs
    // on this thread. One field, not two: every task waiting on a primitive holds a node.
    private object? _taskOrLoop;
    private object? _continuation;
    private string? _cancelMessage;

    /// <summary>Records what to resume and which task waits; a pending cancellation of that task lands here at once.</summary>
    public void Suspend(EventLoop loop, object continuation)
    {
        _continuation = continuation;
        State = WaiterState.Pending;
        AioTask? task = loop.CurrentTask;
        _taskOrLoop = (object?)task ?? loop;
        task?.SuspendOn(this);
    }

    /// <summary>
    /// Wakes the waiter; it resumes on the next loop iteration (asyncio: <c>fut.set_result()</c> then the
    /// task's wake-up). A queue's list passes its <paramref name="owner"/>, which may send the waiter
    /// back to wait; it travels as the ready entry's argument, so no node carries it.
    /// </summary>
    public void Wake(IWaiterOwner? owner = null)
    {
        State = WaiterState.Woken;
        Loop!.Enqueue(this, owner, Task);
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
        Loop!.Enqueue(this, null, Task);
        return true;
    }

    void IRunnable.Run(object? state)
    {
        // The argument is the owner the list woke the node with (see Wake), or null.
        if (State == WaiterState.Woken && state is not null && Task?.CancelPending != true && !Unsafe.As<IWaiterOwner>(state).ShouldResume(this))
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
    public EventLoop? Loop => _taskOrLoop as EventLoop ?? Unsafe.As<AioTask?>(_taskOrLoop)?.Loop;

    /// <summary>Clears the node for reuse.</summary>
    public void Reset()
    {
        List = null;
        Previous = null;
        Next = null;
        _taskOrLoop = null;
        _continuation = null;
        _cancelMessage = null;
        State = WaiterState.Pending;
    }
}
