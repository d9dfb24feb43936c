namespace Aio;

/// <summary>What a periodic task (<see cref="Asyncio.Every(double, Func{Coroutine}, Overrun, string?, bool, bool)"/>) does when a run takes longer than its interval.</summary>
public enum Overrun
{
    /// <summary>
    /// Runs never overlap and the schedule never drifts: run k starts at <c>start + k * interval</c>;
    /// the ticks that pass while a run overruns are skipped, and the next run starts at the next tick.
    /// </summary>
    Skip,

    /// <summary>
    /// Runs never overlap and none is skipped: after an overrunning run the next starts at once, and
    /// the schedule continues from there (it shifts by the overrun; without overruns it does not drift).
    /// </summary>
    Delay,

    /// <summary>Every tick starts a run at <c>start + k * interval</c>, even while earlier runs are still going.</summary>
    Concurrent,
}
