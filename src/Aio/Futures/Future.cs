using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

using Aio.Python;

namespace Aio;

/// <summary>
/// The outcome of an operation that is not finished yet (asyncio's <c>Future</c>). It belongs to one
/// <see cref="EventLoop"/> and is not thread-safe: use it on the loop's thread. Done callbacks always
/// run through the loop, never inside the call that completes the future.
/// </summary>
/// <remarks>
/// This base holds the state shared by every future; <see cref="Future{T}"/> adds a typed result and
/// <see cref="AioTask"/> drives a coroutine. Awaiting a future from an Aio task suspends the task
/// there; cancelling the task then cancels this future.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public abstract partial class Future : IWaitTarget, IAioAwaitable
{
    // Kept in one slot because a future either fails or is cancelled, never both:
    // a Failure when it finished with an exception, the message string when it was cancelled with one.
    private object? _outcome;

    private EventLoop? _loop;

    /// <summary>Creates a future of <paramref name="loop"/>; only a coroutine frame starts without one.</summary>
    private protected Future(EventLoop? loop)
    {
        _loop = loop;
    }

    /// <summary>The loop the future belongs to (asyncio's <c>get_loop()</c>).</summary>
    public EventLoop Loop => _loop!;

    /// <summary>Binds a coroutine frame to the loop it first runs on.</summary>
    private protected void BindLoop(EventLoop? loop) => _loop ??= loop;

    /// <summary>Pending, cancelled or finished.</summary>
    public FutureState State { get; private set; }

    /// <summary>Scratch mark for combinators that must visit each distinct future once (see <see cref="GatheringFuture{TResult}"/>).</summary>
    internal bool GatherMark { get; set; }

    /// <summary>Whether the future has a result, an exception, or was cancelled (asyncio's <c>done()</c>).</summary>
    public bool IsDone => State != FutureState.Pending;

    /// <summary>Whether the future was cancelled (asyncio's <c>cancelled()</c>).</summary>
    public bool IsCancelled => State == FutureState.Cancelled;

    /// <summary>
    /// The exception the future finished with, or null if it has a result (asyncio's <c>exception()</c>).
    /// Reading it counts as retrieving the exception.
    /// </summary>
    /// <exception cref="CancelledError">The future was cancelled.</exception>
    /// <exception cref="InvalidStateError">The future is not done.</exception>
    public Exception? Exception
    {
        get
        {
            if (State == FutureState.Cancelled)
            {
                throw MakeCancelledError();
            }

            if (State != FutureState.Finished)
            {
                throw new InvalidStateError("Exception is not set.");
            }

            MarkExceptionRetrieved();
            return (_outcome as Failure)?.Error.SourceException;
        }
    }

    /// <summary>The message given to <see cref="Cancel"/>, if the future was cancelled with one.</summary>
    internal string? CancelMessage => State == FutureState.Cancelled ? _outcome as string : null;

    /// <summary>
    /// Cancels the future and schedules its callbacks (asyncio's <c>cancel()</c>). Tasks override
    /// this to request cancellation of their coroutine instead.
    /// </summary>
    /// <param name="message">Carried by the <see cref="CancelledError"/> that awaiters receive.</param>
    /// <returns>False if the future was already done.</returns>
    public virtual bool Cancel(string? message = null)
    {
        MarkExceptionRetrieved();
        return TryCancelCore(message);
    }

    /// <summary>Waits for the future; if it failed, the exception is rethrown.</summary>
    public Awaiter GetAwaiter() => new(this);

    /// <summary>A coroutine that awaits this future; cancelling the task running it cancels the future.</summary>
    public Coroutine AsCoroutine() => AwaitFuture(this);

    private static async Coroutine AwaitFuture(Future future) => await future;

    /// <summary>
    /// A .NET <see cref="Task"/> that completes when this future does (cancelled, failed or finished),
    /// for code outside the loop. Its continuations run on the thread pool, never inline on the loop.
    /// </summary>
    public Task AsTask() => AsTaskCore<object?>(static _ => null);

    private protected Task<TResult> AsTaskCore<TResult>(Func<Future, TResult> result)
    {
        var completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<Future> copy = f =>
        {
            if (f.IsCancelled)
            {
                completion.TrySetCanceled();
            }
            else if (f.Exception is { } error)
            {
                completion.TrySetException(error);
            }
            else
            {
                completion.TrySetResult(result(f));
            }
        };
        if (EventLoop.Running == Loop)
        {
            AddCallbackEntry(copy, null);
        }
        else
        {
            Loop.PostThreadsafe((Action)(() => AddCallbackEntry(copy, null)), null, null);
        }

        return completion.Task;
    }

    /// <summary>Describes the future as asyncio's repr does, for example <c>&lt;Future pending&gt;</c>.</summary>
    public override string ToString() => $"<Future {DescribeState()}{DescribeOutcome()}>";

    bool IWaitTarget.CancelWait(AioTask waiter, string? message) => Cancel(message);

    bool IWaitTarget.WasCancelled => IsCancelled;

    /// <summary>The result as an object, for combinators that collect results of any type.</summary>
    internal abstract object? ResultObject { get; }

    /// <summary>The exception, without marking it retrieved (for introspection and inline chains).</summary>
    internal Exception? PeekException => (_outcome as Failure)?.Error.SourceException;

    /// <summary>asyncio's state word: <c>pending</c>, <c>cancelled</c> or <c>finished</c>.</summary>
    internal string DescribeState() => State switch
    {
        FutureState.Pending => "pending",
        FutureState.Cancelled => "cancelled",
        _ => "finished",
    };

    /// <summary>asyncio's <c> result=...</c> or <c> exception=...</c> of a finished future, else nothing.</summary>
    internal string DescribeOutcome()
    {
        if (State != FutureState.Finished)
        {
            return string.Empty;
        }

        return PeekException is { } error
            ? $" exception={error.GetType().Name}('{error.Message}')"
            : $" result={PyFormat.Repr(ResultObject)}";
    }

    internal CancelledError MakeCancelledError() => new(CancelMessage);

    /// <summary>Rethrows the failure (or <see cref="CancelledError"/>) if the future did not succeed.</summary>
    internal void ThrowIfFailed()
    {
        if (State == FutureState.Cancelled)
        {
            throw MakeCancelledError();
        }

        if (State != FutureState.Finished)
        {
            throw new InvalidStateError("Result is not ready.");
        }

        if (_outcome is Failure failure)
        {
            failure.Disarm();
            failure.Error.Throw();
        }
    }

    internal bool TryCancelCore(string? message)
    {
        if (State != FutureState.Pending)
        {
            return false;
        }

        State = FutureState.Cancelled;
        _outcome = message;
        ScheduleCallbacks();
        return true;
    }

    /// <summary>Marks the future finished with the result the caller stored, and schedules callbacks.</summary>
    private protected void FinishWithResult()
    {
        ThrowIfDone();
        State = FutureState.Finished;
        ScheduleCallbacks();
    }

    /// <summary>Marks the future failed and schedules callbacks; a failure nobody looks at is reported when collected.</summary>
    private protected void FinishWithException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ThrowIfDone();
        _outcome = new Failure(this, exception, watch: true);
        State = FutureState.Finished;
        ScheduleCallbacks();
    }

    /// <summary>
    /// Completes without scheduling callbacks: for a coroutine awaited inline, whose caller resumes
    /// synchronously and always looks at the outcome.
    /// </summary>
    private protected void FinishInline(Exception? exception)
    {
        if (exception is not null)
        {
            _outcome = new Failure(this, exception, watch: false);
        }

        State = FutureState.Finished;
    }

    internal void MarkExceptionRetrieved() => (_outcome as Failure)?.Disarm();

    /// <summary>The report for a failure nobody retrieved (asyncio's message).</summary>
    internal ExceptionContext UnretrievedContext()
    {
        var context = new ExceptionContext($"{(this is AioTask ? "Task" : "Future")} exception was never retrieved")
        {
            Exception = PeekException,
            Future = this,
        };

        // Debug mode or tracking: where the task was created (asyncio's source_traceback).
        if ((this as AioTask)?.CreationSite is { } site)
        {
            context.Extra["source_traceback"] = $"Task created at {site}";
        }

        return context;
    }

    /// <summary>Called from the finalizer thread when a failed future was never looked at.</summary>
    internal void ReportUnretrievedException()
    {
        ExceptionContext context = UnretrievedContext();
        if (Loop.IsClosed)
        {
            Loop.DefaultExceptionHandler(context);
            return;
        }

        // On the loop: report unless the exception was retrieved (or reported at close) meanwhile.
        Loop.PostThreadsafe(
            (Action)(() =>
            {
                if (_outcome is Failure { Armed: true } failure)
                {
                    failure.Disarm();
                    Loop.CallExceptionHandler(context);
                }
            }),
            null,
            null);
    }

    private void ThrowIfDone()
    {
        if (State != FutureState.Pending)
        {
            throw new InvalidStateError($"{State.ToString().ToUpperInvariant()}: {this}");
        }
    }

    /// <summary>
    /// How a future failed, and who reports it if nobody ever looks: the loop when it closes, or the
    /// sentinel's finalizer if the future is collected before that.
    /// </summary>
    private sealed class Failure
    {
        private readonly Future _future;
        private UnretrievedExceptionSentinel? _sentinel;

        public Failure(Future future, Exception exception, bool watch)
        {
            _future = future;
            Error = ExceptionDispatchInfo.Capture(exception);
            if (watch)
            {
                _sentinel = new UnretrievedExceptionSentinel(future);
                future.Loop.TrackUnretrieved(future);
            }
        }

        public ExceptionDispatchInfo Error { get; }

        /// <summary>Whether it still waits to be retrieved or reported.</summary>
        public bool Armed => _sentinel is not null;

        public void Disarm()
        {
            if (_sentinel is null)
            {
                return;
            }

            _sentinel.Disarm();
            _sentinel = null;
            _future.Loop.ForgetUnretrieved(_future);
        }
    }

    /// <summary>Waits for a future without a typed result.</summary>
    public readonly struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
    {
        private readonly Future _future;

        internal Awaiter(Future future) => _future = future;

        /// <summary>Whether the future is done, so no suspension is needed.</summary>
        public bool IsCompleted => _future.IsDone;

        /// <summary>Rethrows the future's exception, if any.</summary>
        public void GetResult()
        {
            _future.OnAwaitResumed();
            _future.ThrowIfFailed();
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _future.RegisterContinuation(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _future.RegisterContinuation(continuation);

        void ILoopAwaiter.Register(object continuation) => _future.RegisterContinuation(continuation);
    }
}
