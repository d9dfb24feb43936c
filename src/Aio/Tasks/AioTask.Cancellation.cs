namespace Aio;

public partial class AioTask
{
    private int _cancelRequests;
    private object? _waitingOn;

    /// <summary>
    /// A token that is cancelled when the task is. Pass it to .NET APIs the task awaits (HTTP, files,
    /// <c>Task.Delay</c>), so that cancelling the task stops them too. Once the cancellation has been
    /// delivered at an Aio await (or withdrawn with <see cref="Uncancel"/>), a fresh token is handed
    /// out, so a task that handles its cancellation can go on using foreign APIs.
    /// </summary>
    public CancellationToken CancellationToken
    {
        get
        {
            Extras extras = GetExtras();
            if (extras.Cancellation is null)
            {
                extras.Cancellation = new CancellationTokenSource();
                if (CancelPending || IsCancelled)
                {
                    extras.Cancellation.Cancel();
                }
            }

            return extras.Cancellation.Token;
        }
    }

    /// <summary>
    /// Requests cancellation (asyncio's <c>Task.cancel()</c>): <see cref="CancelledError"/> is raised
    /// at the await the task is suspended at, or at its next loop await if it is running or waiting on
    /// something foreign. The task may catch it. A task cancelled before its first step never runs.
    /// </summary>
    /// <param name="message">Carried by the <see cref="CancelledError"/>.</param>
    /// <returns>False if the task is already done; true otherwise.</returns>
    public override bool Cancel(string? message = null) => RequestCancel(message, null);

    /// <summary>
    /// A cancellation request made on behalf of <paramref name="origin"/>, a cancel scope (or an
    /// asyncio timeout entered inside one), or of the task itself when null. A shielded scope entered
    /// below the origin holds the request back until it exits (docs/design/structured.md).
    /// </summary>
    internal bool RequestCancel(string? message, CancelScope? origin)
    {
        MarkExceptionRetrieved();
        if (IsDone)
        {
            return false;
        }

        _cancelRequests++;
        if (Loop.Tracking)
        {
            RecordCanceller();
        }

        if (_extras?.CancelScope is { } scope)
        {
            bool wasPending = (_mode & Mode.MustCancel) != 0;
            Extras extras = _extras;
            extras.PendingCancelFromRoot = (wasPending && extras.PendingCancelFromRoot) || origin is null;
            extras.PendingCancelOrigin = wasPending ? extras.PendingCancelOrigin ?? origin : origin;
            if (Aio.CancelScope.ShieldsTaskFrom(scope, this, origin))
            {
                // Held back by a shield: delivered at the first await after the shield's scope exits.
                _mode |= Mode.MustCancel;
                extras.RequestedCancelMessage ??= message;
                return true;
            }
        }

        if ((_mode & Mode.ParkedForeign) != 0 && Loop.Debug)
        {
            GetExtras().HeldBackSince ??= Loop.Time();
        }

        TripCancellationToken();
        if (CancelWaits(message))
        {
            return true;
        }

        _mode |= Mode.MustCancel;
        if (message is not null || _extras is not null)
        {
            GetExtras().RequestedCancelMessage = message;
        }

        return true;
    }

    /// <summary>The innermost cancel scope the task is in, or null (most tasks).</summary>
    internal CancelScope? CancelScope
    {
        get => _extras?.CancelScope;
        set
        {
            if (value is not null || _extras is not null)
            {
                GetExtras().CancelScope = value;
            }
        }
    }

    /// <summary>Whether a pending request can be delivered now: no shielded scope stands between the task and its origin.</summary>
    private bool CancelDeliverable =>
        (_mode & Mode.MustCancel) != 0 &&
        (_extras?.CancelScope is not { } scope ||
         !Aio.CancelScope.ShieldsTaskFrom(scope, this, _extras.PendingCancelFromRoot ? null : _extras.PendingCancelOrigin));

    /// <summary>Whether a cancelled cancel scope the task is in (and not shielded from) raises at every await: trio's level-triggered cancellation.</summary>
    private bool ScopeCancelled => _extras?.CancelScope is { } scope && Aio.CancelScope.IsCancelledFor(scope);

    /// <summary>Whether the task's next await would raise <see cref="CancelledError"/> (a checkpoint's test).</summary>
    internal bool CancellationDue => CancelDeliverable || ScopeCancelled;

    /// <summary>A checkpoint found a cancellation due: raise it now, as the next await would.</summary>
    internal void ThrowIfCancellationDue()
    {
        if (CancelDeliverable)
        {
            _mode &= ~Mode.MustCancel;
            OnCancellationDelivered();
            throw new CancelledError(_extras?.RequestedCancelMessage);
        }

        if (ScopeCancelled)
        {
            throw new CancelledError();
        }
    }

    /// <summary>A shield's scope exited: a held-back request now trips the task's token too.</summary>
    internal void OnShieldExited()
    {
        if (CancelDeliverable)
        {
            TripCancellationToken();
        }
    }

    /// <summary>The number of pending cancellation requests (asyncio's <c>cancelling()</c>).</summary>
    public int Cancelling() => _cancelRequests;

    /// <summary>
    /// Withdraws one cancellation request (asyncio's <c>uncancel()</c>). When none remain, a
    /// cancellation not yet delivered is dropped too.
    /// </summary>
    /// <returns>The number of requests that remain.</returns>
    public int Uncancel()
    {
        if (_cancelRequests > 0)
        {
            _cancelRequests--;
            if (_cancelRequests == 0)
            {
                _mode &= ~Mode.MustCancel;
                if (_extras?.Cancellation is { IsCancellationRequested: true })
                {
                    _extras.Cancellation = null;
                }
            }
        }

        return _cancelRequests;
    }

    /// <summary>Whether a cancellation was requested but has not reached an await yet (asyncio's <c>_must_cancel</c>).</summary>
    internal bool CancelPending => CancelDeliverable;

    /// <summary>What the task is suspended on, for introspection (asyncio's <c>_fut_waiter</c>).</summary>
    internal object? WaitingOn => _waitingOn;

    /// <summary>Records that the task is suspended on <paramref name="target"/>; delivers a pending cancel to it.</summary>
    internal void SuspendOn(IWaitTarget target)
    {
        switch (_waitingOn)
        {
            case null:
                _waitingOn = target;
                break;
            case List<IWaitTarget> several:
                several.Add(target);
                break;
            default:
                // Several loop awaits pending at once (Task.WhenAll over helpers): cancel reaches all.
                _waitingOn = new List<IWaitTarget> { (IWaitTarget)_waitingOn, target };
                break;
        }

        if (CancelDeliverable && target.CancelWait(this, _extras?.RequestedCancelMessage))
        {
            _mode &= ~Mode.MustCancel;
        }
        else if (ScopeCancelled)
        {
            // Level-triggered: a cancelled scope raises at every await inside it, swallowed or not.
            target.CancelWait(this, null);
        }
    }

    /// <summary>
    /// Called when an await the task was suspended on resumes: raises a cancellation requested while
    /// the wake-up was already on its way (asyncio's <c>_must_cancel</c> in <c>__step</c>).
    /// </summary>
    internal void ResumeFrom(IWaitTarget target)
    {
        ThrowResumeError();
        if (!RemoveWait(target))
        {
            return;
        }

        if (target.WasCancelled)
        {
            // The wait itself ended in cancellation: the awaiter raises that CancelledError (and its
            // message); a later request is absorbed by it, as asyncio's __step keeps the one it has.
            // A request held back by a shield (the wait was cancelled by a scope inside it) stays.
            if ((_mode & Mode.MustCancel) == 0 || CancelDeliverable)
            {
                _mode &= ~Mode.MustCancel;
                OnCancellationDelivered();
            }
        }
        else if (CancelDeliverable)
        {
            _mode &= ~Mode.MustCancel;
            OnCancellationDelivered();
            throw new CancelledError(_extras?.RequestedCancelMessage);
        }
    }

    /// <summary>Called when a bare yield (<c>Sleep(0)</c>) resumes.</summary>
    internal void ResumeFromYield()
    {
        ThrowResumeError();
        if ((_mode & Mode.MustCancel) != 0 || _extras?.CancelScope is not null)
        {
            ThrowIfCancellationDue();
        }
    }

    /// <summary>
    /// Called when an await that has already taken effect resumes (a channel hand-off: the item is
    /// the caller's): a cancellation that arrived meanwhile stays pending for the next await instead
    /// of discarding the item, as trio's reschedule does.
    /// </summary>
    internal void ResumeFromCommitted(IWaitTarget target)
    {
        ThrowResumeError();
        RemoveWait(target);
    }

    /// <summary>Whether <paramref name="error"/> is the cancellation of this task's own token (from a foreign API given it).</summary>
    internal bool IsOwnTokenCancellation(Exception? error) =>
        error is OperationCanceledException oce && _extras?.Cancellation is { } source && oce.CancellationToken == source.Token;

    /// <summary>Whether the task's token was handed out and is cancelled: a foreign API may be failing with it.</summary>
    internal bool TokenTripped => _extras?.Cancellation is { IsCancellationRequested: true };

    /// <summary>A cancellation reached the task at an await: later foreign calls get a fresh token.</summary>
    private void OnCancellationDelivered()
    {
        if (_extras?.Cancellation is { IsCancellationRequested: true })
        {
            _extras.Cancellation = null;
        }
    }

    /// <summary>Makes the task's next resumption throw <paramref name="error"/> (a misuse found while suspending).</summary>
    internal void FailNextResume(Exception error) => GetExtras().ResumeError = error;

    private void ThrowResumeError()
    {
        if (_extras?.ResumeError is { } error)
        {
            _extras.ResumeError = null;
            throw error;
        }
    }

    /// <summary>Whether <paramref name="error"/> escaping the body means the task was cancelled.</summary>
    private bool IsCancellation(Exception error) =>
        error is CancelledError ||
        (error is OperationCanceledException oce &&
         (_cancelRequests > 0 || (_extras?.Cancellation is { } source && oce.CancellationToken == source.Token)));

    private bool CancelWaits(string? message)
    {
        switch (_waitingOn)
        {
            case null:
                return false;
            case List<IWaitTarget> several:
                bool any = false;
                foreach (IWaitTarget target in several.ToArray())
                {
                    any |= target.CancelWait(this, message);
                }

                return any;
            default:
                return ((IWaitTarget)_waitingOn).CancelWait(this, message);
        }
    }

    private bool RemoveWait(IWaitTarget target)
    {
        if (ReferenceEquals(_waitingOn, target))
        {
            _waitingOn = null;
            return true;
        }

        if (_waitingOn is List<IWaitTarget> several && several.Remove(target))
        {
            if (several.Count == 0)
            {
                _waitingOn = null;
            }

            return true;
        }

        return false;
    }

    private void ClearWaits() => _waitingOn = null;

    private void TripCancellationToken()
    {
        if (_extras?.Cancellation is not { IsCancellationRequested: false } source)
        {
            return;
        }

        try
        {
            source.Cancel();
        }
        catch (AggregateException e)
        {
            Loop.CallExceptionHandler(new ExceptionContext("Exception in a cancellation callback of a task's token")
            {
                Exception = e,
                Task = this,
            });
        }
    }
}
