namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Runs <paramref name="action"/> every <paramref name="interval"/> seconds of loop time as a task,
    /// which is returned: cancel it to stop, await it, name it. The schedule is fixed to the loop clock
    /// (run k is due at <c>start + k * interval</c>); <paramref name="overrun"/> says what happens when
    /// a run is longer than the interval. It replaces the hand-written
    /// <c>while (true) { await Work(); await Asyncio.Sleep(10); }</c>, which drifts by the work's duration.
    /// </summary>
    /// <param name="interval">Seconds between runs; more than zero.</param>
    /// <param name="action">One run.</param>
    /// <param name="overrun">Skip missed ticks (the default), delay the schedule, or overlap runs.</param>
    /// <param name="name">The task's name.</param>
    /// <param name="runNow">Whether the first run is now (the default) or after one interval.</param>
    /// <param name="stopOnError">
    /// False (the default): a run's exception goes to the loop's exception handler and the schedule goes
    /// on. True: the first exception ends the periodic task with it (with <see cref="Overrun.Concurrent"/>,
    /// as an <see cref="ExceptionGroup"/> once the other runs are cancelled).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not a positive number of seconds.</exception>
    public static AioTask Every(
        double interval, Func<Coroutine> action, Overrun overrun = Overrun.Skip, string? name = null, bool runNow = true, bool stopOnError = false)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!(interval > 0) || double.IsInfinity(interval))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be a positive number of seconds.");
        }

        if (!Enum.IsDefined(overrun))
        {
            throw new ArgumentOutOfRangeException(nameof(overrun), overrun, "Unknown overrun policy.");
        }

        EventLoop loop = GetRunningLoop();
        var schedule = new PeriodicSchedule(loop, interval, action, overrun, runNow, stopOnError);
        return CreateTask(schedule.RunAsync(), name);
    }

    /// <summary>Runs <paramref name="action"/> every <paramref name="interval"/>; see <see cref="Every(double, Func{Coroutine}, Overrun, string?, bool, bool)"/>.</summary>
    public static AioTask Every(
        TimeSpan interval, Func<Coroutine> action, Overrun overrun = Overrun.Skip, string? name = null, bool runNow = true, bool stopOnError = false) =>
        Every(interval.TotalSeconds, action, overrun, name, runNow, stopOnError);
}
