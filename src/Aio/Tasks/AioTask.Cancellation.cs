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
    public override bool Cancel(string? message = null)
    {
        MarkExceptionRetrieved();
        if (IsDone)
        {
            return false;
        }

        _cancelRequests++;
        if (Loop.TaskTracking)
        {
            RecordCanceller();
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
    internal bool CancelPending => (_mode & Mode.MustCancel) != 0;

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

        if ((_mode & Mode.MustCancel) != 0 && target.CancelWait(this, _extras?.RequestedCancelMessage))
        {
            _mode &= ~Mode.MustCancel;
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
            _mode &= ~Mode.MustCancel;
            OnCancellationDelivered();
        }
        else if ((_mode & Mode.MustCancel) != 0)
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
        if ((_mode & Mode.MustCancel) != 0)
        {
            _mode &= ~Mode.MustCancel;
            OnCancellationDelivered();
            throw new CancelledError(_extras?.RequestedCancelMessage);
        }
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
