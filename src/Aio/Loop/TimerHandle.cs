namespace Aio;

/// <summary>
/// A callback scheduled for a point in time by <see cref="EventLoop.CallLater(double, Action)"/> or
/// <see cref="EventLoop.CallAt(double, Action)"/> (asyncio's <c>TimerHandle</c>).
/// </summary>
public abstract class TimerHandle : Handle
{
    private protected TimerHandle(EventLoop loop, double when)
        : base(loop)
    {
        When = when;
    }

    /// <summary>The loop time (<see cref="EventLoop.Time"/>) at which the callback is due.</summary>
    public double When { get; private protected set; }

    /// <summary>Whether the handle is still in the loop's timer heap.</summary>
    internal bool Scheduled { get; set; }

    /// <inheritdoc />
    public override void Cancel()
    {
        if (!IsCancelled)
        {
            base.Cancel();
            if (Scheduled)
            {
                Loop.OnTimerCancelled();
            }
        }
    }
}

/// <summary>A timer that runs a delegate (what <see cref="EventLoop.CallLater(double, Action)"/> returns).</summary>
internal sealed class CallbackTimerHandle(EventLoop loop, double when, Delegate callback, object? state) : TimerHandle(loop, when)
{
    private readonly ExecutionContext? _context = ExecutionContext.Capture();

    internal override void Invoke() => CallbackInvoker.Invoke(callback, state, _context);

    private protected override string Describe() => CallbackInvoker.Describe(callback);
}
