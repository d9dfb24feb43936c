using System.Diagnostics;

namespace Aio.Monitor;

/// <summary>
/// The monitor's view of the application's loop, from the monitor's own thread. Questions are posted
/// to the loop (<see cref="EventLoop.CallSoonThreadsafe(Action)"/>) and answered there, where reading
/// tasks is safe; a question the loop does not answer within <see cref="AioMonitorOptions.BlockedAfter"/>
/// means the loop is blocked, and then the answer is read from the monitor's thread instead (the
/// blocked loop is not changing anything, so the read is consistent enough to show).
/// </summary>
/// <remarks>
/// The heartbeat: every 100 ms one ping is posted unless one is still unanswered; the moment the
/// oldest unanswered ping was posted is when the loop stopped turning. Nothing runs on the
/// application's loop but these pings and the questions asked.
/// </remarks>
internal sealed class LoopProbe(EventLoop target, TimeSpan blockedAfter)
{
    private long _pingSentAt;
    private long _pingAnsweredAt = Stopwatch.GetTimestamp();
    private int _pingOutstanding;

    public EventLoop Target { get; } = target;

    /// <summary>How long the loop has not answered, or null when it answers (or is not running).</summary>
    public TimeSpan? BlockedFor
    {
        get
        {
            if (Volatile.Read(ref _pingOutstanding) == 0 || !Target.IsRunning)
            {
                return null;
            }

            TimeSpan waited = Stopwatch.GetElapsedTime(Volatile.Read(ref _pingSentAt));
            return waited >= blockedAfter ? waited : null;
        }
    }

    /// <summary>When a blocked loop last answered (it has been blocked since about then), in UTC.</summary>
    public DateTime? BlockedSince => BlockedFor is null ? null : DateTime.UtcNow - Stopwatch.GetElapsedTime(Volatile.Read(ref _pingAnsweredAt));

    /// <summary>Posts a ping if none is on its way (called by the monitor's heartbeat).</summary>
    public void Ping()
    {
        if (!Target.IsRunning || Target.IsClosed || Interlocked.CompareExchange(ref _pingOutstanding, 1, 0) != 0)
        {
            return;
        }

        Volatile.Write(ref _pingSentAt, Stopwatch.GetTimestamp());
        try
        {
            Target.CallSoonThreadsafe(() =>
            {
                Volatile.Write(ref _pingAnsweredAt, Stopwatch.GetTimestamp());
                Volatile.Write(ref _pingOutstanding, 0);
            });
        }
        catch (InvalidOperationException)
        {
            Volatile.Write(ref _pingOutstanding, 0); // The loop closed meanwhile.
        }
    }

    /// <summary>
    /// Asks <paramref name="question"/> on the application's loop; if it does not answer in time, asks
    /// it here. Returns the answer and whether it came from the loop.
    /// </summary>
    public async Coroutine<(T Answer, bool FromLoop)> AskAsync<T>(Func<T> question)
    {
        if (!Target.IsRunning || Target.IsClosed)
        {
            return (question(), false);
        }

        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            Target.CallSoonThreadsafe(() =>
            {
                try
                {
                    answer.TrySetResult(question());
                }
                catch (Exception e)
                {
                    answer.TrySetException(e);
                }
            });
        }
        catch (InvalidOperationException)
        {
            return (question(), false);
        }

        using var timeout = new CancellationTokenSource(blockedAfter);
        Task finished = await Task.WhenAny(answer.Task, Task.Delay(Timeout.Infinite, timeout.Token));
        if (finished == answer.Task)
        {
            return (await answer.Task, true);
        }

        // Blocked (or very busy): read from here, retrying if the loop changed under the read.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return (question(), false);
            }
            catch (Exception) when (attempt < 3)
            {
                await Asyncio.Sleep(0.01);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> on the application's loop (a cancel); it runs when the loop next turns.</summary>
    public void Post(Action action) => Target.CallSoonThreadsafe(action);
}
