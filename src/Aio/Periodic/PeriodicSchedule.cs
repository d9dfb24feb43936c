namespace Aio;

/// <summary>
/// The body of a periodic task (<see cref="Asyncio.Every(double, Func{Coroutine}, Overrun, string?, bool, bool)"/>).
/// </summary>
/// <remarks>
/// Due times are computed from the start and the tick number, never by adding up sleeps, so the
/// schedule does not drift however long each run or each wake-up takes. Concurrent runs are children
/// of a task group, so cancelling the periodic task cancels the runs in progress too.
/// </remarks>
internal sealed class PeriodicSchedule
{
    private readonly EventLoop _loop;
    private readonly double _interval;
    private readonly Func<Coroutine> _action;
    private readonly Overrun _overrun;
    private readonly bool _runNow;
    private readonly bool _stopOnError;

    public PeriodicSchedule(EventLoop loop, double interval, Func<Coroutine> action, Overrun overrun, bool runNow, bool stopOnError)
    {
        _loop = loop;
        _interval = interval;
        _action = action;
        _overrun = overrun;
        _runNow = runNow;
        _stopOnError = stopOnError;
    }

    public async Coroutine RunAsync()
    {
        double start = _loop.Time();
        long tick = _runNow ? 0 : 1;
        if (_overrun == Overrun.Concurrent)
        {
            await Asyncio.TaskGroup(async Coroutine (tg) =>
            {
                while (true)
                {
                    await SleepUntil(start + (tick * _interval));
                    _ = tg.CreateTask(RunOnceAsync());
                    tick++;
                }
            });
            return;
        }

        while (true)
        {
            await SleepUntil(start + (tick * _interval));
            await RunOnceAsync();
            double now = _loop.Time();
            double next = start + ((tick + 1) * _interval);
            if (now <= next)
            {
                tick++;
            }
            else if (_overrun == Overrun.Skip)
            {
                // The first tick at or after now: the ticks that passed during the run are skipped.
                tick = Math.Max(tick + 1, (long)Math.Ceiling(((now - start) / _interval) - 1e-9));
            }
            else
            {
                // Delay: start again at once, and count the schedule from here.
                start = now;
                tick = 0;
            }
        }
    }

    private SleepAwaitable SleepUntil(double due) => Asyncio.Sleep(Math.Max(0, due - _loop.Time()));

    private async Coroutine RunOnceAsync()
    {
        try
        {
            await _action();
        }
        catch (Exception e) when (e is not CancelledError && !_stopOnError)
        {
            _loop.CallExceptionHandler(new ExceptionContext("Exception in a run of a periodic task")
            {
                Exception = e,
                Task = _loop.CurrentTask,
            });
        }
    }
}
