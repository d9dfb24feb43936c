using System.Diagnostics;

namespace Aio;

/// <summary>
/// The clock task tracking times steps with: a millisecond count that a background thread advances
/// while some loop tracks its tasks, so reading it is one memory load.
/// </summary>
/// <remarks>
/// Design note. Tracking reads a clock after every callback the loop runs, and a <c>sleep(0)</c>
/// switch costs about 70 ns, so the clock's price is the monitor's price. <see cref="Stopwatch"/>
/// costs about 25 ns a read on this project's machines (a vDSO TSC read; 188 ns was measured on a VM
/// whose clocksource fell back to a slower path); the kernel's coarse clock
/// (<see cref="Environment.TickCount64"/>) about 6 ns, at 4 ms resolution (<c>HZ=250</c>; 15.6 ms on
/// Windows). Both were measured to cost the <c>tasks</c> benchmark 20-50% with tracking on. Here a
/// thread (<c>aio-track-clock</c>) stores the <see cref="Stopwatch"/> time in milliseconds every
/// millisecond, and the loop reads that field: 1 ms resolution on every OS, about 1 ns a read, and
/// a thread waking 1000 times a second while tracking is on (a few microseconds each: well under 1%
/// of a core). The thread starts when the first loop turns tracking on and ends soon after the last
/// one turns it off or closes.
/// <para>
/// A step shorter than a millisecond records 0 ms, or 1 ms when the count moves during it, with a
/// probability of its length over a millisecond; so a task's busy time is an unbiased estimate, and
/// exact to within a millisecond for long steps. It is how the kernel accounts a process's CPU time
/// (<c>utime</c> in <c>/proc/PID/stat</c> is counted in ticks). What the counters are for (which task
/// is busy, which step blocked the loop for 100 ms, how long a task has been idle) needs no finer
/// resolution. Debug mode's slow-callback report times each callback with <see cref="Stopwatch"/> besides.
/// </para>
/// </remarks>
internal static class TrackClock
{
    private static readonly Lock s_gate = new();
    private static long s_nowMs = Read();
    private static int s_users;
    private static Thread? s_thread;

    /// <summary>Milliseconds since an arbitrary origin, at most about a millisecond behind; never 0.</summary>
    public static long NowMs() => Volatile.Read(ref s_nowMs);

    /// <summary>A loop turned tracking on: the count advances from now on (and is current on return).</summary>
    public static void AddUser()
    {
        lock (s_gate)
        {
            Volatile.Write(ref s_nowMs, Read());
            if (++s_users == 1 && s_thread is null)
            {
                s_thread = new Thread(Advance) { IsBackground = true, Name = "aio-track-clock" };
                s_thread.Start();
            }
        }
    }

    /// <summary>A loop turned tracking off or closed.</summary>
    public static void RemoveUser()
    {
        lock (s_gate)
        {
            s_users--;
        }
    }

    private static void Advance()
    {
        while (true)
        {
            Thread.Sleep(1);
            Volatile.Write(ref s_nowMs, Read());
            lock (s_gate)
            {
                if (s_users == 0)
                {
                    s_thread = null;
                    return;
                }
            }
        }
    }

    // One more than the stopwatch's milliseconds, so that a tracked record's creation time is never 0.
    private static long Read() => (Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1000)) + 1;
}
