using System.Diagnostics;
using Aio.Python;

namespace Aio;

/// <summary>
/// A deadline for a block of code (asyncio's <c>Timeout</c>), made by <see cref="Asyncio.Timeout(double?)"/>
/// or <see cref="Asyncio.TimeoutAt(double?)"/> and used with <c>await using</c>. At the deadline the
/// current task is cancelled; when the block exits with that cancellation, it becomes a
/// <see cref="TimeoutException"/>. Only this scope's own cancellation is converted, so nested timeouts
/// and cancellation from outside stay correct.
/// </summary>
/// <remarks>
/// The scope is entered when it is created. C# does not tell <c>DisposeAsync</c> which exception is
/// leaving the block, so the <c>await using</c> form converts when this scope's cancellation was
/// delivered to the block; if the block caught that <see cref="CancelledError"/> and returned normally
/// (or replaced it with another exception), it still raises <see cref="TimeoutException"/>, where
/// Python would not. <see cref="Asyncio.WaitFor{T}(IAioAwaitable{T}, double?)"/> sees the exception and
/// follows asyncio exactly.
/// <para>
/// A timeout never passes silently: if the deadline passes while the block is suspended on a foreign
/// .NET await that ignores the task's <see cref="AioTask.CancellationToken"/> (a plain <c>Task.Delay</c>),
/// C# cannot interrupt it; the block runs on to its end, and leaving it raises <see cref="TimeoutException"/>.
/// </para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class TimeoutScope : IAsyncDisposable
{
    private readonly AioTask _task;
    private readonly int _cancelling;
    private readonly CancelScope? _enteredIn;
    private State _state;
    private Handle? _handler;

    internal TimeoutScope(double? when)
    {
        EventLoop loop = Asyncio.GetRunningLoop();
        _task = loop.CurrentTask ?? throw new InvalidOperationException("Timeout should be used inside a task");
        _state = State.Entered;
        _cancelling = _task.Cancelling();
        _enteredIn = _task.CancelScope;
        Reschedule(when);
    }

    private enum State
    {
        Entered,
        Expiring,
        Expired,
        Exited,
    }

    /// <summary>The deadline in loop time, or null for none (asyncio's <c>when()</c>).</summary>
    public double? When { get; private set; }

    /// <summary>Whether the deadline passed while the block ran (asyncio's <c>expired()</c>).</summary>
    public bool Expired => _state is State.Expiring or State.Expired;

    /// <summary>Moves the deadline to loop time <paramref name="when"/>, or removes it with null (asyncio's <c>reschedule()</c>).</summary>
    /// <exception cref="InvalidOperationException">The deadline already passed or the block has exited.</exception>
    public void Reschedule(double? when)
    {
        if (_state != State.Entered)
        {
            throw new InvalidOperationException($"Cannot change state of {_state.ToString().ToLowerInvariant()} Timeout");
        }

        if (when is double w && double.IsNaN(w))
        {
            throw new ArgumentException("The deadline must be a loop time or null, not NaN.", nameof(when));
        }

        When = when;
        _handler?.Cancel();
        if (when is not double deadline)
        {
            _handler = null;
            return;
        }

        EventLoop loop = _task.Loop;
        _handler = deadline <= loop.Time() ? loop.CallSoon(OnTimeout) : loop.CallAt(deadline, OnTimeout);
    }

    /// <summary>Leaves the block; raises <see cref="TimeoutException"/> if this scope's deadline cancelled it.</summary>
    /// <exception cref="TimeoutException">The deadline passed and its cancellation is leaving the block.</exception>
    public ValueTask DisposeAsync()
    {
        // See the remarks: the exception leaving the block is inferred. Our cancellation is in flight if
        // it was delivered at an Aio await, or if the task's token was handed out and tripped by it (a
        // foreign API given the token is failing with OperationCanceledException).
        bool inFlight = _state == State.Expiring && (!_task.CancelPending || _task.TokenTripped);
        Exit(inFlight ? new CancelledError() : null);
        return default;
    }

    /// <summary>Describes the scope as asyncio's repr does.</summary>
    public override string ToString() => _state switch
    {
        State.Entered => $"<Timeout [active] when={(When is double w ? PyFormat.Repr(Math.Round(w, 3)) : "None")}>",
        State.Exited => "<Timeout [finished]>",
        _ => $"<Timeout [{_state.ToString().ToLowerInvariant()}]>",
    };

    /// <summary>asyncio's <c>__aexit__</c>: converts this scope's cancellation of the block into a timeout.</summary>
    /// <param name="error">The exception leaving the block, or null when it completes normally.</param>
    internal void Exit(Exception? error)
    {
        _handler?.Cancel();
        _handler = null;
        if (_state == State.Expiring)
        {
            _state = State.Expired;
            bool ours = error is CancelledError || _task.IsOwnTokenCancellation(error);

            // The deadline's cancellation never reached an Aio await: the block sat on a foreign .NET
            // await that ignores the task's token, and ran to its end. A timeout never passes silently.
            bool heldBack = error is null && _task.CancelPending;
            if (_task.Uncancel() <= _cancelling && (ours || heldBack))
            {
                throw heldBack ? new TimeoutException(HeldBackMessage) : new TimeoutException("The operation has timed out.", error);
            }
        }
        else if (_state == State.Entered)
        {
            _state = State.Exited;
        }
    }

    internal const string HeldBackMessage =
        "The operation has timed out, but the block ran to its end first: when the deadline passed it was suspended on a " +
        "foreign .NET await that does not observe the task's CancellationToken, so the cancellation could not be delivered. " +
        "Pass Asyncio.CurrentTask()!.CancellationToken to that API, or await it through Asyncio.WrapFuture() to abandon it at " +
        "cancellation (debug mode logs where the await was).";

    private void OnTimeout()
    {
        // Entered inside a shielded cancel scope, the deadline is not held back by that shield.
        _task.RequestCancel(null, _enteredIn);
        _state = State.Expiring;
        _handler = null;
    }
}
