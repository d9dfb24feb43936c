using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Aio;

/// <summary>
/// asyncio's event loop: one thread runs callbacks from a FIFO ready queue, fires timers and waits
/// for I/O. Every Aio future and task belongs to one loop, and all of their callbacks run on the
/// loop's thread, so state shared between tasks needs no locks.
/// </summary>
/// <remarks>
/// One iteration (see <c>docs/design/loop-iteration.md</c>): compute how long to block (zero when
/// callbacks are ready), block in the reactor, move due timers to the ready queue, then run exactly
/// the callbacks that were ready at that point; callbacks they schedule run in the next iteration.
/// Members that are not marked thread-safe must be called on the loop's thread.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class EventLoop : IDisposable
{
    // A coarser resolution would run timers early; a finer one never matters for a double clock.
    private const double ClockResolution = 1e-9;

    // asyncio caps a single select() at one day, so a clock change cannot leave the loop asleep.
    private const double MaximumSelectTimeout = 24 * 3600;

    [ThreadStatic]
    private static EventLoop? t_running;

    private static int s_runningCount;

    private readonly ReadyQueue _ready = new();
    private readonly TimerQueue _timers = new();
    private readonly Clock _clock;
    private readonly LoopSynchronizationContext _context;
    private ExecutionContext? _baseExecutionContext;
    private bool _stopping;
    private int _threadId;

    /// <summary>Creates a loop on the real monotonic clock. It does not run until asked to.</summary>
    public EventLoop()
        : this(MonotonicClock.Instance)
    {
    }

    /// <summary>Creates a loop that reads time from <paramref name="clock"/>, with the default reactor.</summary>
    /// <param name="clock">The time source; a virtual clock makes timers fire without real waiting.</param>
    public EventLoop(Clock clock)
        : this(clock, ReactorKind.Default)
    {
    }

    /// <summary>Creates a loop that reads time from <paramref name="clock"/> and waits for I/O with <paramref name="reactor"/>.</summary>
    /// <param name="clock">The time source; a virtual clock makes timers fire without real waiting.</param>
    /// <param name="reactor">Which I/O reactor to block in; see <see cref="ReactorKind"/>.</param>
    /// <exception cref="PlatformNotSupportedException">The reactor needs another operating system.</exception>
    public EventLoop(Clock clock, ReactorKind reactor)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        Reactor = Reactor.Create(reactor, this);
        _context = new LoopSynchronizationContext(this);
        Id = Interlocked.Increment(ref s_nextId);
        AdoptClock();
        Debug = DebugEnvironment.Requested; // through the setter, so the process-wide count sees it
    }

    private static int s_nextId;

    /// <summary>A number identifying this loop in logs and in the monitor.</summary>
    public int Id { get; }

    /// <summary>The loop's time source.</summary>
    public Clock Clock => _clock;

    /// <summary>Whether the loop is running (asyncio's <c>is_running()</c>). Thread-safe.</summary>
    public bool IsRunning => Volatile.Read(ref _threadId) != 0;

    /// <summary>Whether <see cref="Close"/> has been called (asyncio's <c>is_closed()</c>). Thread-safe.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>
    /// Debug mode (asyncio's <c>get_debug()</c>/<c>set_debug()</c>): non-thread-safe calls from other
    /// threads raise, and callbacks slower than <see cref="SlowCallbackDuration"/> are logged.
    /// </summary>
    /// <remarks>
    /// On from the start when the environment sets <c>AIO_DEBUG=1</c> (or Python's <c>PYTHONASYNCIODEBUG=1</c>).
    /// Debug mode also turns on <see cref="TaskTracking"/>, reports coroutines that are never awaited,
    /// and reports servers and transports still open when the loop closes.
    /// </remarks>
    public bool Debug
    {
        get;
        set
        {
            if (value && !field)
            {
                Interlocked.Increment(ref s_debugLoops);
            }
            else if (!value && field)
            {
                Interlocked.Decrement(ref s_debugLoops);
            }

            field = value;
            Tracking = value || _taskTracking;
        }
    }

    private static int s_debugLoops;

    /// <summary>Whether any loop of the process is in debug mode: one static read keeps the check off hot paths otherwise.</summary>
    internal static bool AnyDebug => Volatile.Read(ref s_debugLoops) != 0;

    /// <summary>In debug mode, callbacks that run longer than this many seconds are logged.</summary>
    public double SlowCallbackDuration { get; set; } = 0.1;

    /// <summary>The loop whose <see cref="RunForever"/> is executing on the calling thread, if any.</summary>
    internal static EventLoop? Running => t_running;

    /// <summary>How many loops are running on some thread of the process, for a clearer "no running event loop".</summary>
    internal static int RunningCount => Volatile.Read(ref s_runningCount);

    internal Reactor Reactor { get; }

    /// <summary>The task whose step is executing right now, if any.</summary>
    internal AioTask? CurrentTask { get; private set; }

    internal LoopSynchronizationContext SynchronizationContext => _context;

    internal static ILogger Logger => AioLog.Logger;

    /// <summary>The loop's current time in seconds, read from its <see cref="Clock"/> (asyncio's <c>time()</c>).</summary>
    public double Time() => _clock.Now();

    /// <summary>Describes the loop's state.</summary>
    public override string ToString() =>
        $"<EventLoop #{Id} running={IsRunning} closed={IsClosed} debug={Debug} ready={_ready.Count} timers={_timers.Count}>";

    /// <summary>Blocks in the reactor; called by the loop and its clock (<see cref="ClockHost.Poll"/>), which may choose to advance time instead.</summary>
    /// <remarks>
    /// A zero-timeout poll with nothing registered is skipped: it could only report a wake-up, and
    /// thread-safe callbacks are drained from their queue anyway. That spares a system call per
    /// iteration to loops that only run tasks (<c>Sleep(0)</c> switches run 10-20x faster); with any
    /// file descriptor registered, every iteration polls, as asyncio's does.
    /// </remarks>
    internal int PollReactor(double? timeout)
    {
        if (timeout == 0 && !Reactor.HasRegistrations)
        {
            return 0;
        }

        double? capped = timeout is double t ? Math.Min(t, MaximumSelectTimeout) : null;
        if (!Debug)
        {
            return Reactor.Poll(capped);
        }

        // Debug mode: a poll that overran its timeout by more than a slow callback would have is reported.
        long start = Stopwatch.GetTimestamp();
        int events = Reactor.Poll(capped);
        double took = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (capped is double limit && took - limit >= Math.Max(SlowCallbackDuration, 1.0))
        {
            Log.SlowPoll(Logger, took, limit);
        }

        return events;
    }

    /// <summary>Whether a callback is queued, so blocking would be wrong.</summary>
    internal bool HasReadyWork => _ready.Count > 0 || _stopping || HasThreadsafeWork;

    /// <summary>Runs one iteration: block, collect due timers, run the callbacks ready at that moment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void RunOnce()
    {
        _timers.PruneCancelled();

        // Not capped here: a virtual clock jumps the whole way; the real wait is capped in PollReactor.
        bool ready = HasReadyWork;
        Block(ready, ready || _timers.Count == 0 ? double.PositiveInfinity : _timers.Peek().When);
        DrainThreadsafe();

        // Due: at most one clock resolution ahead. "<=", not asyncio's "<": at large clock values
        // now + 1e-9 rounds back to now, and a timer due exactly now would never become due.
        // The clock is read only when a timer is scheduled or tracking wants the iteration's time:
        // asyncio reads it every iteration, and on these machines that read was a third of a
        // sleep(0) switch (clock_gettime through the vDSO, about 30 ns).
        bool tracking = Tracking;
        double now = _timers.Count > 0 || tracking ? _clock.Now() : double.NaN;
        _iterationTime = now;
        double endTime = now + ClockResolution;
        while (_timers.Count > 0)
        {
            TimerHandle timer = _timers.Peek();
            if (timer.When > endTime)
            {
                break;
            }

            _timers.Pop();
            if (timer.IsCancelled)
            {
                _timers.CancelledCount--;
                continue;
            }

            _ready.Enqueue(timer, null, null);
        }

        // Only what is ready now runs in this iteration; what it schedules waits for the next one.
        _iterations++;
        long last = 0;
        if (tracking)
        {
            // The first callback's step starts when the loop stopped waiting. After a poll that did not
            // wait (work was ready before it) it starts where the previous iteration's last step ended, which
            // saves a clock read per iteration and counts the loop's own bookkeeping as busy.
            if (!ready || !_trackedLastIteration)
            {
                _trackLastMs = TrackClock.NowMs();
            }

            _trackedLastIteration = true;
            if (Debug)
            {
                RunDebug(_ready.Count);
                return;
            }

            last = _trackLastMs;
        }

        // One loop for tracking on and off: a separate tracked loop measured 5-6% slower on sleep(0)
        // switches than this one with the same bookkeeping (bench/Aio.Bench tasks-tracking), and the
        // test of a local costs the untracked loop nothing measurable.
        for (int ntodo = _ready.Count; ntodo > 0; ntodo--)
        {
            _ready.Dequeue(out ReadyItem item);
            if (ntodo > 1)
            {
                if (!tracking)
                {
                    _ready.Prefetch(0);
                }
                else
                {
                    // Tracking touches one more object per step, the task's record: the objects are
                    // fetched two entries ahead, and the record of the next one, whose task is loaded by
                    // now (timer wake-ups with tracking on: 0.87-0.89x of off before, 0.92-0.94x after).
                    if (ntodo > 2)
                    {
                        _ready.Prefetch(1);
                    }

                    PrefetchTrack(_ready.PeekTask(0));
                }
            }

            Run(in item);
            if (tracking)
            {
                last = AfterTrackedCallback(item.Task, last);
            }
        }

        if (tracking)
        {
            _trackLastMs = last;
        }
    }

    /// <summary>
    /// Tracking: a callback that started at <paramref name="start"/> (milliseconds, <see cref="TrackClock"/>)
    /// ended now; counts it as busy time and, for a task's step, in the task's counters. Returns the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long AfterTrackedCallback(AioTask? task, long start)
    {
        long end = TrackClock.NowMs();
        long ms = end - start;
        _busyMs += ms;
        if (task is not null)
        {
            RecordStep(task, ms, end);
        }

        return end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(in ReadyItem item)
    {
        AioTask? task = item.Task;
        CurrentTask = task;
        if (task is null)
        {
            System.Threading.SynchronizationContext.SetSynchronizationContext(_context);
        }
        else
        {
            task.EnterStep();
        }

        try
        {
            // A coroutine's step first (a task's, or a frame awaited inside one): the commonest entry,
            // and a class test is cheaper than the interface cast below, which showed as 5% of a
            // sleep(0) switch in a profile (this method is not profiled by tiered PGO).
            if (item.Callback is AioTask frame)
            {
                frame.RunQueuedStep(item.State);
                return;
            }

            switch (item.Callback)
            {
                case Action action:
                    action();
                    break;
                case IRunnable runnable:
                    runnable.Run(item.State);
                    break;
                case Action<Future> doneCallback:
                    doneCallback((Future)item.State!);
                    break;
                default:
                    ((SendOrPostCallback)item.Callback)(item.State);
                    break;
            }
        }
        catch (Exception e)
        {
            RunningSite = 0; // a coroutine step that threw out of its state machine left its site there
            CallExceptionHandler(new ExceptionContext($"Exception in callback {Describe(item.Callback)}")
            {
                Exception = e,
                Handle = item.Callback as Handle,
                Task = task,
            });
        }
        finally
        {
            if (task is not null)
            {
                task.LeaveStep(_baseExecutionContext);
            }
            else if (_baseExecutionContext is not null && !ReferenceEquals(ExecutionContext.Capture(), _baseExecutionContext))
            {
                // A callback changed async-local state: it must not leak into the next one.
                ExecutionContext.Restore(_baseExecutionContext);
            }

            CurrentTask = null;
        }
    }

    /// <summary>
    /// Debug mode: runs <paramref name="ntodo"/> callbacks timed, for step counters and slow-callback
    /// reports. One coarse clock read per callback (<see cref="TrackClock"/>), as tracking alone does:
    /// each starts when the previous one ended, the dequeue between counted in. Each is also timed
    /// precisely (its first from the end of the poll: the precise clock is not carried across iterations).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunDebug(int ntodo)
    {
        long last = _trackLastMs;
        long lastPrecise = Stopwatch.GetTimestamp();
        for (; ntodo > 0; ntodo--)
        {
            _ready.Dequeue(out ReadyItem item);
            Run(in item);
            last = AfterTrackedCallback(item.Task, last);
            long endPrecise = Stopwatch.GetTimestamp();
            ReportIfSlow(in item, (endPrecise - lastPrecise) / (double)Stopwatch.Frequency);
            lastPrecise = endPrecise;
        }

        _trackLastMs = last;
    }

    /// <summary>Debug mode: a callback or task step that took <see cref="SlowCallbackDuration"/> or more is logged.</summary>
    private void ReportIfSlow(in ReadyItem item, double seconds)
    {
        if (seconds < SlowCallbackDuration)
        {
            return;
        }

        string what = item.Task is { } task
            ? $"{task}{(task.CreationSite is { } site ? $" created at {site}" : string.Empty)}"
            : Describe(item.Callback);
        Log.SlowCallback(Logger, what, seconds);
        if (item.Task is { } slowTask)
        {
            // A task step is the time between two checkpoints (trio's name for an await that yields).
            Log.TaskWithoutCheckpoint(Logger, slowTask.ToString(), seconds);
        }
    }

    private static string Describe(object callback) => callback switch
    {
        Handle h => h.ToString(),
        Delegate d => $"{d.Method.DeclaringType?.Name}.{d.Method.Name}()",
        _ => callback.ToString() ?? callback.GetType().Name,
    };

    /// <summary>Closes the loop if it is not running; the same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();
}
