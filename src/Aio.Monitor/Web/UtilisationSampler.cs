using System.Diagnostics;

namespace Aio.Monitor.Web;

/// <summary>
/// The loop's utilisation over the last minute, for the web page's live chart: every half second the
/// monitor's heartbeat reads how much the application's loop's busy time (<see cref="LoopSnapshot.BusySeconds"/>)
/// grew since the previous sample, divided by the wall time between them.
/// </summary>
/// <remarks>
/// Used on the monitor's loop only (the heartbeat and the API handlers), so it needs no lock. The busy
/// counter is one <c>long</c> the loop writes with <see cref="Volatile"/>, so reading it from here is
/// safe while the loop runs. A blocked loop adds its step's time only when the step ends, so while
/// the probe reports the loop blocked the sample is 1 (fully busy), and so is the sample in which
/// the step ends; the next one starts from the busy time then, so the block is not counted twice. Without task tracking the loop keeps no busy time: samples are null.
/// </remarks>
internal sealed class UtilisationSampler(LoopProbe probe)
{
    /// <summary>How many samples are kept: a minute at two per second.</summary>
    public const int Capacity = 120;

    private readonly Queue<UtilisationSample> _samples = new(Capacity);
    private long _lastAt;
    private double _lastBusy = double.NaN;
    private bool _wasBlocked;

    /// <summary>The samples, oldest first.</summary>
    public IReadOnlyList<UtilisationSample> Samples => [.. _samples];

    /// <summary>Takes one sample (called by the monitor's heartbeat).</summary>
    public void Sample()
    {
        long now = Stopwatch.GetTimestamp();
        double busy = probe.Target.GetLoopSnapshot().BusySeconds;
        bool blocked = probe.BlockedFor is not null;
        double? value = null;
        if (blocked || _wasBlocked)
        {
            value = 1; // Blocked, or the sample in which the blocking step ended (its time is not spread over later samples).
        }
        else if (probe.Target.TaskTracking && !double.IsNaN(_lastBusy))
        {
            double wall = Stopwatch.GetElapsedTime(_lastAt, now).TotalSeconds;
            value = wall <= 0 ? 0 : Math.Clamp((busy - _lastBusy) / wall, 0, 1);
        }

        _wasBlocked = blocked;
        _lastBusy = busy;
        _lastAt = now;

        if (_samples.Count == Capacity)
        {
            _samples.Dequeue();
        }

        _samples.Enqueue(new UtilisationSample(DateTime.UtcNow, value));
    }
}

/// <summary>One point of the utilisation chart.</summary>
/// <param name="At">When it was taken (UTC).</param>
/// <param name="Value">The share of wall time the loop spent running callbacks, 0 to 1; null when the loop does not track busy time.</param>
internal sealed record UtilisationSample(DateTime At, double? Value);
