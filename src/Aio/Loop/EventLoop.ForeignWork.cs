namespace Aio;

/// <remarks>
/// Design note: foreign work is what the loop waits for on other threads: executor calls, wrapped
/// .NET tasks, a TLS handshake's thread-pool part, tasks suspended on plain .NET awaits. A real clock
/// needs none of this bookkeeping; a virtual clock (Aio.Testing) reads it to decide how long to wait
/// in real time before jumping to the next timer, so a result about to arrive is not overtaken:
/// <list type="bullet">
/// <item>busy work (executor work queued or running that has not called back into its loop, a wrapped
/// task still queued, a handshake computing) cannot be waiting for loop time: the clock holds still
/// for it;</item>
/// <item>other foreign work might be (executor work that called <c>CallSoonThreadsafe</c> or
/// <c>RunCoroutineThreadsafe</c>), so it gets a grace period only;</item>
/// <item>tasks newly parked on plain .NET awaits get one grace period per batch.</item>
/// </list>
/// Counters touched from other threads are interlocked; the rest is loop-thread only.
/// </remarks>
public sealed partial class EventLoop
{
    private int _foreignWork;
    private int _foreignWorkBusy;
    private int _foreignWorkWaitingOnLoop;
    private List<Task>? _wrappedTasks;

    /// <summary>The executor work this thread is running, to notice when it calls back into its loop.</summary>
    [ThreadStatic]
    private static ExecutorWork? t_runningWork;

    /// <summary>Work handed to other threads whose result has not come back to the loop yet.</summary>
    internal int ForeignWork => Volatile.Read(ref _foreignWork);

    /// <summary>
    /// Whether busy foreign work is in flight (see the design note), or a wrapped .NET task is still
    /// queued on its scheduler. Loop thread only.
    /// </summary>
    internal bool HasBusyForeignWork
    {
        get
        {
            if (Volatile.Read(ref _foreignWorkBusy) > 0)
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
    /// Running executor work that called back into its loop: it may be waiting for loop time, so a
    /// virtual clock must not hold still for busy work meanwhile (it could be queued behind this).
    /// </summary>
    internal int ForeignWorkWaitingOnLoop => Volatile.Read(ref _foreignWorkWaitingOnLoop);

    /// <summary>Tasks suspended on awaits the loop does not own (loop thread only).</summary>
    internal int ForeignParked { get; private set; }

    /// <summary>Changes whenever a task parks on a foreign await, so a clock can tell a new batch from an old one.</summary>
    internal int ForeignParkEpoch { get; private set; }

    /// <summary>Counts work the loop waits for on other threads (a TLS handshake's thread-pool part).</summary>
    internal void AddForeignWork(int delta) => Interlocked.Add(ref _foreignWork, delta);

    /// <summary>Counts foreign work that is certain not to wait for loop time (a TLS handshake computing).</summary>
    internal void AddForeignWorkBusy(int delta) => Interlocked.Add(ref _foreignWorkBusy, delta);

    /// <summary>Counts a wrapped .NET task as foreign work until its outcome is back (loop thread).</summary>
    internal void TrackWrappedTask(Task task)
    {
        AddForeignWork(1);
        (_wrappedTasks ??= []).Add(task);
    }

    /// <summary>The wrapped task's outcome reached the loop, or its wrapper was abandoned (loop thread; once per wrap).</summary>
    internal void UntrackWrappedTask(Task task)
    {
        AddForeignWork(-1);
        _wrappedTasks?.Remove(task);
    }

    /// <summary>A task's step ended without a loop-owned wait: it is parked on a foreign await.</summary>
    internal void OnTaskParked()
    {
        ForeignParked++;
        ForeignParkEpoch++;
    }

    /// <summary>A parked task runs again.</summary>
    internal void OnTaskUnparked() => ForeignParked--;

    /// <summary>Executor work was handed to an executor: foreign, and busy until it calls back.</summary>
    private void ExecutorWorkSubmitted()
    {
        Interlocked.Increment(ref _foreignWork);
        Interlocked.Increment(ref _foreignWorkBusy);
    }

    /// <summary>The executor refused the work: undoes <see cref="ExecutorWorkSubmitted"/>.</summary>
    private void ExecutorWorkRefused()
    {
        Interlocked.Decrement(ref _foreignWorkBusy);
        Interlocked.Decrement(ref _foreignWork);
    }

    /// <summary>
    /// Called on every thread-safe post: executor work of this loop that calls back into it may now be
    /// waiting for loop time, so it stops counting as busy.
    /// </summary>
    private void NoteCallFromExecutorWork()
    {
        if (t_runningWork is { WaitingOnLoop: false } work && work.Loop == this)
        {
            work.WaitingOnLoop = true;
            Interlocked.Increment(ref _foreignWorkWaitingOnLoop);
            Interlocked.Decrement(ref _foreignWorkBusy);
        }
    }

    /// <summary>What the virtual clock needs to know of a piece of executor work.</summary>
    private abstract class ExecutorWork(EventLoop loop)
    {
        public EventLoop Loop { get; } = loop;

        /// <summary>Whether the work called back into its loop (then it no longer counts as busy).</summary>
        public bool WaitingOnLoop { get; set; }

        /// <summary>The work's function starts on this thread.</summary>
        protected void Started() => t_runningWork = this;

        /// <summary>The work's function returned or threw.</summary>
        protected static void Stopped() => t_runningWork = null;

        /// <summary>Ends the work's share of the busy or waiting count, after its outcome was posted.</summary>
        protected void Finished()
        {
            if (WaitingOnLoop)
            {
                Interlocked.Decrement(ref Loop._foreignWorkWaitingOnLoop);
            }
            else
            {
                Interlocked.Decrement(ref Loop._foreignWorkBusy);
            }
        }
    }
}
