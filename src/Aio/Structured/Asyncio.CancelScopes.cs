namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Runs <paramref name="body"/> with a deadline <paramref name="seconds"/> from now (trio's
    /// <c>move_on_after</c>): at the deadline the block is cancelled and stops silently. Returns the
    /// scope; <see cref="CancelScope.CancelledCaught"/> tells whether the deadline cut it short.
    /// </summary>
    /// <exception cref="ArgumentException">The delay is NaN or negative.</exception>
    public static Coroutine<CancelScope> MoveOnAfter(double seconds, Func<CancelScope, Coroutine> body) =>
        MoveOnAt(GetRunningLoop().Time() + CheckDelay(seconds), body);

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="delay"/> from now; see <see cref="MoveOnAfter(double, Func{CancelScope, Coroutine})"/>.</summary>
    public static Coroutine<CancelScope> MoveOnAfter(TimeSpan delay, Func<CancelScope, Coroutine> body) => MoveOnAfter(delay.TotalSeconds, body);

    /// <summary>Runs <paramref name="body"/> with a deadline at loop time <paramref name="deadline"/> (trio's <c>move_on_at</c>).</summary>
    public static Coroutine<CancelScope> MoveOnAt(double deadline, Func<CancelScope, Coroutine> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return MoveOn(new CancelScope(deadline), body);
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a deadline <paramref name="seconds"/> from now (trio's
    /// <c>fail_after</c>): if the block is cancelled by it, <see cref="TimeoutException"/> is raised.
    /// </summary>
    /// <exception cref="TimeoutException">The deadline (or the scope's <see cref="CancelScope.Cancel"/>) cut the block short.</exception>
    public static Coroutine FailAfter(double seconds, Func<CancelScope, Coroutine> body) =>
        FailAt(GetRunningLoop().Time() + CheckDelay(seconds), body);

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="delay"/> from now; see <see cref="FailAfter(double, Func{CancelScope, Coroutine})"/>.</summary>
    public static Coroutine FailAfter(TimeSpan delay, Func<CancelScope, Coroutine> body) => FailAfter(delay.TotalSeconds, body);

    /// <summary>Runs a body returning a value with a deadline <paramref name="seconds"/> from now; raises <see cref="TimeoutException"/> when it passes.</summary>
    public static Coroutine<T> FailAfter<T>(double seconds, Func<CancelScope, Coroutine<T>> body) =>
        FailAt(GetRunningLoop().Time() + CheckDelay(seconds), body);

    /// <summary>Runs <paramref name="body"/> with a deadline at loop time <paramref name="deadline"/> (trio's <c>fail_at</c>).</summary>
    public static Coroutine FailAt(double deadline, Func<CancelScope, Coroutine> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Fail(new CancelScope(deadline), body);
    }

    /// <summary>Runs a body returning a value with a deadline at loop time <paramref name="deadline"/>; raises <see cref="TimeoutException"/> when it passes.</summary>
    public static Coroutine<T> FailAt<T>(double deadline, Func<CancelScope, Coroutine<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Fail(new CancelScope(deadline), body);
    }

    /// <summary>
    /// A cancellation point plus one yield to the loop (trio's <c>checkpoint()</c>): raises
    /// <see cref="CancelledError"/> if the task is cancelled or inside a cancelled scope, and lets other
    /// tasks run. Put it in long loops that otherwise only make awaits that complete at once.
    /// </summary>
    public static SleepAwaitable Checkpoint() => new(0);

    private static async Coroutine<CancelScope> MoveOn(CancelScope scope, Func<CancelScope, Coroutine> body)
    {
        await scope.RunAsync(body);
        return scope;
    }

    private static async Coroutine Fail(CancelScope scope, Func<CancelScope, Coroutine> body)
    {
        await scope.RunAsync(body);
        if (scope.CancelledCaught)
        {
            throw new TimeoutException("The operation has timed out (the cancel scope's deadline passed).");
        }
    }

    private static async Coroutine<T> Fail<T>(CancelScope scope, Func<CancelScope, Coroutine<T>> body)
    {
        T? result = await scope.RunAsync(body);
        if (scope.CancelledCaught)
        {
            throw new TimeoutException("The operation has timed out (the cancel scope's deadline passed).");
        }

        return result!;
    }

    private static double CheckDelay(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0)
        {
            throw new ArgumentException($"The delay must be zero or more seconds, not {seconds}.", nameof(seconds));
        }

        return seconds;
    }
}
