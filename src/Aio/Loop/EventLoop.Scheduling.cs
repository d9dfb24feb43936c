using System.Runtime.CompilerServices;

namespace Aio;

public sealed partial class EventLoop
{
    private readonly object _threadsafeLock = new();
    private List<ReadyItem> _threadsafe = new();
    private List<ReadyItem> _threadsafeSpare = new();
    private volatile bool _threadsafePending;

    private bool HasThreadsafeWork => _threadsafePending;

    /// <summary>
    /// Schedules <paramref name="callback"/> to run on the next iteration, after the callbacks already
    /// scheduled (asyncio's <c>call_soon</c>). Not thread-safe: use <see cref="CallSoonThreadsafe(Action)"/>.
    /// </summary>
    /// <returns>A handle that can cancel the callback before it runs.</returns>
    public Handle CallSoon(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return CallSoonCore(callback, null);
    }

    /// <summary>Schedules <paramref name="callback"/> with an argument (asyncio's <c>call_soon(cb, arg)</c>).</summary>
    public Handle CallSoon(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return CallSoonCore(callback, state);
    }

    /// <summary>
    /// Schedules <paramref name="callback"/> to run after <paramref name="delay"/> seconds
    /// (asyncio's <c>call_later</c>). Callbacks due at the same time run in the order they were scheduled.
    /// </summary>
    /// <exception cref="ArgumentException">The delay is NaN.</exception>
    public TimerHandle CallLater(double delay, Action callback)
    {
        CheckDelay(delay);
        ArgumentNullException.ThrowIfNull(callback);
        return CallAtCore(Time() + delay, callback, null);
    }

    /// <summary>Schedules <paramref name="callback"/> with an argument after <paramref name="delay"/> seconds.</summary>
    public TimerHandle CallLater(double delay, Action<object?> callback, object? state)
    {
        CheckDelay(delay);
        ArgumentNullException.ThrowIfNull(callback);
        return CallAtCore(Time() + delay, callback, state);
    }

    /// <summary>Schedules <paramref name="callback"/> to run <paramref name="delay"/> from now; see <see cref="CallLater(double, Action)"/>.</summary>
    public TimerHandle CallLater(TimeSpan delay, Action callback) => CallLater(delay.TotalSeconds, callback);

    /// <summary>Schedules <paramref name="callback"/> with <paramref name="state"/> to run <paramref name="delay"/> from now.</summary>
    public TimerHandle CallLater(TimeSpan delay, Action<object?> callback, object? state) => CallLater(delay.TotalSeconds, callback, state);

    /// <summary>Schedules <paramref name="callback"/> for loop time <paramref name="when"/> (asyncio's <c>call_at</c>).</summary>
    /// <exception cref="ArgumentException">The time is NaN.</exception>
    public TimerHandle CallAt(double when, Action callback)
    {
        CheckWhen(when);
        ArgumentNullException.ThrowIfNull(callback);
        return CallAtCore(when, callback, null);
    }

    /// <summary>Schedules <paramref name="callback"/> with an argument for loop time <paramref name="when"/>.</summary>
    public TimerHandle CallAt(double when, Action<object?> callback, object? state)
    {
        CheckWhen(when);
        ArgumentNullException.ThrowIfNull(callback);
        return CallAtCore(when, callback, state);
    }

    /// <summary>
    /// Schedules <paramref name="callback"/> from any thread and wakes the loop
    /// (asyncio's <c>call_soon_threadsafe</c>). Thread-safe.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public Handle CallSoonThreadsafe(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckClosed();
        var handle = new CallbackHandle(this, callback, null);
        PostThreadsafe(handle, null, null);
        return handle;
    }

    /// <summary>Schedules <paramref name="callback"/> with an argument from any thread. Thread-safe.</summary>
    public Handle CallSoonThreadsafe(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckClosed();
        var handle = new CallbackHandle(this, callback, state);
        PostThreadsafe(handle, null, null);
        return handle;
    }

    /// <summary>Queues a continuation of <paramref name="task"/> (or a plain callback) for the next iteration.</summary>
    /// <remarks>Loop thread only; debug mode checks that, which catches futures completed from other threads.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Enqueue(object callback, object? state, AioTask? task)
    {
        if (Debug)
        {
            CheckThread();
        }

        _ready.Enqueue(callback, state, task);
    }

    /// <summary>Queues work from any thread: directly when on the loop thread, else through the wake-up path.</summary>
    internal void Post(object callback, object? state, AioTask? task)
    {
        if (Environment.CurrentManagedThreadId == _threadId)
        {
            _ready.Enqueue(callback, state, task);
        }
        else
        {
            PostThreadsafe(callback, state, task);
        }
    }

    internal void PostThreadsafe(object callback, object? state, AioTask? task)
    {
        ForeignWork?.NoteThreadsafeCall();
        lock (_threadsafeLock)
        {
            _threadsafe.Add(new ReadyItem { Callback = callback, State = state, Task = task });
            _threadsafePending = true;
        }

        Reactor.Wake();
    }

    internal void OnTimerCancelled() => _timers.CancelledCount++;

    /// <summary>Sleep timers whose sleepers have resumed, for the next sleeps to reuse (see <see cref="SleepTimer"/>).</summary>
    internal Stack<SleepTimer> SpareSleepTimers { get; } = new();

    internal TimerHandle Schedule(TimerHandle timer)
    {
        _timers.Push(timer);
        return timer;
    }

    private void DrainThreadsafe()
    {
        if (!_threadsafePending)
        {
            return;
        }

        List<ReadyItem> batch;
        lock (_threadsafeLock)
        {
            batch = _threadsafe;
            _threadsafe = _threadsafeSpare;
            _threadsafePending = false;
        }

        foreach (ReadyItem item in batch)
        {
            _ready.Enqueue(item.Callback, item.State, item.Task);
        }

        batch.Clear();
        _threadsafeSpare = batch;
    }

    private CallbackHandle CallSoonCore(Delegate callback, object? state)
    {
        CheckClosed();
        CheckThread();
        var handle = new CallbackHandle(this, callback, state);
        _ready.Enqueue(handle, null, null);
        return handle;
    }

    private TimerHandle CallAtCore(double when, Delegate callback, object? state)
    {
        CheckClosed();
        CheckThread();
        return Schedule(new CallbackTimerHandle(this, when, callback, state));
    }

    private static void CheckDelay(double delay)
    {
        if (double.IsNaN(delay))
        {
            throw new ArgumentException("delay must be a number, not NaN", nameof(delay));
        }
    }

    private static void CheckWhen(double when)
    {
        if (double.IsNaN(when))
        {
            throw new ArgumentException("when must be a number, not NaN", nameof(when));
        }
    }
}
