namespace Aio;

/// <summary>
/// What a loop is waiting for on other threads, counted for a clock that moves its own time (see
/// <see cref="Clock.TracksForeignWork"/>; read it through <see cref="ClockHost.ForeignWork"/>): executor
/// calls, wrapped .NET tasks, a TLS handshake's thread-pool part, tasks suspended on plain .NET awaits. A
/// virtual clock reads it to decide how long to wait in real time before jumping to the next timer, so
/// that a result about to arrive is not overtaken by a timeout.
/// </summary>
/// <remarks>
/// Design note: a loop counts only when its clock asks (the real clock does not), so on the hot paths
/// (a thread-safe post, a task's step, an executor call, a TLS handshake) a loop on the real clock pays
/// one null check. The kinds of work:
/// <list type="bullet">
/// <item>busy work (executor work queued or running that has not called back into its loop, a wrapped
/// task still queued, a handshake computing) cannot be waiting for loop time: a clock may hold still for it
/// (<see cref="IsBusy"/>);</item>
/// <item>other foreign work might be (executor work that called <c>CallSoonThreadsafe</c> or
/// <c>RunCoroutineThreadsafe</c>: <see cref="WaitingOnLoop"/>), so it deserves a grace period only;</item>
/// <item>tasks parked on plain .NET awaits (<see cref="ParkedTasks"/>, <see cref="ParkEpoch"/>) deserve one
/// grace period per batch.</item>
/// </list>
/// Counters changed from other threads are interlocked; the rest is loop-thread only. Members other than
/// <see cref="Pending"/> and <see cref="WaitingOnLoop"/> are for the loop's thread.
/// </remarks>
public sealed class ForeignWork
{
    /// <summary>The executor call this thread is running, to notice when it calls back into its loop.</summary>
    [ThreadStatic]
    private static ExecutorCall? t_runningCall;

    private int _pending;
    private int _busy;
    private int _waitingOnLoop;
    private List<Task>? _wrappedTasks;

    internal ForeignWork()
    {
    }

    /// <summary>Work handed to other threads whose result has not come back to the loop yet. Thread-safe.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>
    /// Whether busy foreign work is in flight (executor work queued or running that has not called back
    /// into the loop, a TLS handshake computing), or a wrapped .NET task is still queued on its scheduler:
    /// work that cannot be waiting for loop time to pass.
    /// </summary>
    public bool IsBusy
    {
        get
        {
            if (Volatile.Read(ref _busy) > 0)
            {
                return true;
            }

            if (_wrappedTasks is not null)
            {
                foreach (Task task in _wrappedTasks)
                {
                    if (task.Status == TaskStatus.WaitingToRun)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Running executor work that called back into its loop (<c>CallSoonThreadsafe</c>,
    /// <c>RunCoroutineThreadsafe</c>): it may be waiting for loop time, so a clock should not hold still
    /// for busy work meanwhile (that could be queued behind it). Thread-safe.
    /// </summary>
    public int WaitingOnLoop => Volatile.Read(ref _waitingOnLoop);

    /// <summary>Tasks suspended on awaits the loop does not own (a plain .NET task).</summary>
    public int ParkedTasks { get; private set; }

    /// <summary>Changes whenever a task parks on a foreign await, so a clock can tell a new batch of parked tasks from an old one.</summary>
    public int ParkEpoch { get; private set; }

    /// <summary>Counts work the loop waits for on another thread (a TLS handshake's thread-pool part, the executor's shutdown).</summary>
    internal void Add(int delta) => Interlocked.Add(ref _pending, delta);

    /// <summary>Counts foreign work that is certain not to wait for loop time (a TLS handshake computing).</summary>
    internal void AddBusy(int delta) => Interlocked.Add(ref _busy, delta);

    /// <summary>Counts a wrapped .NET task as foreign work until its outcome is back (loop thread).</summary>
    internal void TrackWrappedTask(Task task)
    {
        Add(1);
        (_wrappedTasks ??= []).Add(task);
    }

    /// <summary>The wrapped task's outcome reached the loop, or its wrapper was abandoned (loop thread; once per wrap).</summary>
    internal void UntrackWrappedTask(Task task)
    {
        Add(-1);
        _wrappedTasks?.Remove(task);
    }

    /// <summary>A task's step ended without a loop-owned wait: it is parked on a foreign await.</summary>
    internal void OnTaskParked()
    {
        ParkedTasks++;
        ParkEpoch++;
    }

    /// <summary>A parked task runs again.</summary>
    internal void OnTaskUnparked() => ParkedTasks--;

    /// <summary>Executor work is handed to an executor: foreign, and busy until it calls back.</summary>
    internal ExecutorCall ExecutorCallSubmitted()
    {
        Interlocked.Increment(ref _pending);
        Interlocked.Increment(ref _busy);
        return new ExecutorCall(this);
    }

    /// <summary>
    /// Called on every thread-safe post to the loop: executor work of this loop that calls back into it may
    /// now be waiting for loop time, so it stops counting as busy.
    /// </summary>
    internal void NoteThreadsafeCall()
    {
        if (t_runningCall is { WaitingOnLoop: false } call && call.Owner == this)
        {
            call.WaitingOnLoop = true;
            Interlocked.Increment(ref _waitingOnLoop);
            Interlocked.Decrement(ref _busy);
        }
    }

    /// <summary>One executor call's share of the counts, from submission to its outcome reaching the loop.</summary>
    internal sealed class ExecutorCall(ForeignWork owner)
    {
        public ForeignWork Owner { get; } = owner;

        /// <summary>Whether the work called back into its loop (then it no longer counts as busy).</summary>
        public bool WaitingOnLoop { get; set; }

        /// <summary>The executor refused the work: undoes <see cref="ExecutorCallSubmitted"/>.</summary>
        public void Refused()
        {
            Interlocked.Decrement(ref Owner._busy);
            Interlocked.Decrement(ref Owner._pending);
        }

        /// <summary>The work's function starts on this thread.</summary>
        public void Started() => t_runningCall = this;

        /// <summary>The work's function returned or threw.</summary>
#pragma warning disable CA1822 // An instance method, so callers write Call?.Stopped() like the other steps.
        public void Stopped() => t_runningCall = null;
#pragma warning restore CA1822

        /// <summary>Ends the work's share of the busy or waiting count, after its outcome was posted.</summary>
        public void Finished()
        {
            if (WaitingOnLoop)
            {
                Interlocked.Decrement(ref Owner._waitingOnLoop);
            }
            else
            {
                Interlocked.Decrement(ref Owner._busy);
            }
        }

        /// <summary>The outcome reached the loop (loop thread).</summary>
        public void OutcomeArrived() => Owner.Add(-1);
    }
}
