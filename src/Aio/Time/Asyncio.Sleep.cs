namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Suspends the current task for <paramref name="seconds"/> (asyncio's <c>sleep()</c>). Zero or a
    /// negative delay yields exactly one loop iteration; <see cref="double.PositiveInfinity"/> sleeps
    /// until cancelled.
    /// </summary>
    /// <remarks>Cancel safety: cancelling the task ends the sleep with <see cref="CancelledError"/>.</remarks>
    /// <exception cref="ArgumentException">The delay is NaN.</exception>
    public static SleepAwaitable Sleep(double seconds)
    {
        CheckDelay(seconds, nameof(seconds));
        return new SleepAwaitable(seconds);
    }

    /// <summary>Sleeps like <see cref="Sleep(double)"/>, then returns <paramref name="result"/> (asyncio's <c>sleep(delay, result)</c>).</summary>
    public static SleepAwaitable<T> Sleep<T>(double seconds, T result)
    {
        CheckDelay(seconds, nameof(seconds));
        return new SleepAwaitable<T>(seconds, result);
    }

    /// <summary>Suspends the current task for <paramref name="delay"/>; see <see cref="Sleep(double)"/>.</summary>
    public static SleepAwaitable Sleep(TimeSpan delay) => Sleep(delay.TotalSeconds);

    /// <summary>Sleeps for <paramref name="delay"/>, then returns <paramref name="result"/>; see <see cref="Sleep{T}(double, T)"/>.</summary>
    public static SleepAwaitable<T> Sleep<T>(TimeSpan delay, T result) => Sleep(delay.TotalSeconds, result);

    private static void CheckDelay(double seconds, string name)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentException("The delay must be a number of seconds, not NaN.", name);
        }
    }

    private static void CheckTimeout(double? seconds, string name)
    {
        if (seconds is double s && double.IsNaN(s))
        {
            throw new ArgumentException("The timeout must be a number of seconds or null, not NaN.", name);
        }
    }
}
