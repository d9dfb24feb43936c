using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A future whose result is a <typeparamref name="T"/> (asyncio's <c>Future</c>); completed with
/// <see cref="SetResult"/> or <see cref="SetException"/>, usually by a callback or a protocol.
/// </summary>
/// <typeparam name="T">The type of the result.</typeparam>
[System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0022", Justification = "Futures may be subclassed, as asyncio.Future may; Future's protected members are private protected, so nothing leaks.")]
public class Future<T> : Future, IAioAwaitable<T>
{
    private T _result = default!;

    /// <summary>Creates a future on the running loop, or on the current loop if none runs.</summary>
    public Future()
        : this(Asyncio.GetEventLoop())
    {
    }

    /// <summary>Creates a future on <paramref name="loop"/> (prefer <see cref="EventLoop.CreateFuture{T}"/>).</summary>
    public Future(EventLoop loop)
        : base(loop ?? throw new ArgumentNullException(nameof(loop)))
    {
    }

    /// <summary>The result (asyncio's <c>result()</c>); rethrows the exception if the future failed.</summary>
    /// <exception cref="CancelledError">The future was cancelled.</exception>
    /// <exception cref="InvalidStateError">The future is not done yet.</exception>
    public T Result
    {
        get
        {
            ThrowIfFailed();
            return _result;
        }
    }

    internal override object? ResultObject => _result;

    /// <summary>Completes the future with a result and schedules its callbacks (asyncio's <c>set_result</c>).</summary>
    /// <exception cref="InvalidStateError">The future is already done.</exception>
    public void SetResult(T result)
    {
        if (IsDone)
        {
            throw new InvalidStateError($"{State.ToString().ToUpperInvariant()}: {this}");
        }

        _result = result;
        FinishWithResult();
    }

    /// <summary>Completes the future with an exception and schedules its callbacks (asyncio's <c>set_exception</c>).</summary>
    /// <exception cref="InvalidStateError">The future is already done.</exception>
    public void SetException(Exception exception) => FinishWithException(exception);

    /// <summary>Completes the future unless it is already done (for example cancelled); returns whether it did.</summary>
    public bool TrySetResult(T result)
    {
        if (IsDone)
        {
            return false;
        }

        SetResult(result);
        return true;
    }

    /// <summary>Fails the future unless it is already done; returns whether it did.</summary>
    public bool TrySetException(Exception exception)
    {
        if (IsDone)
        {
            return false;
        }

        SetException(exception);
        return true;
    }

    /// <summary>Waits for the future and returns its result.</summary>
    public new Awaiter GetAwaiter() => new(this);

    /// <summary>A coroutine that awaits this future and returns its result.</summary>
    public new Coroutine<T> AsCoroutine() => AwaitFuture(this);

    private static async Coroutine<T> AwaitFuture(Future<T> future) => await future;

    /// <summary>A .NET <see cref="Task{T}"/> for this future's result; see <see cref="Future.AsTask"/>.</summary>
    public new Task<T> AsTask() => AsTaskCore(static f => ((Future<T>)f).Result);

    /// <summary>Waits for a <see cref="Future{T}"/>.</summary>
    public new readonly struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
    {
        private readonly Future<T> _future;

        internal Awaiter(Future<T> future) => _future = future;

        /// <summary>Whether the future is done, so no suspension is needed.</summary>
        public bool IsCompleted => _future.IsDone;

        /// <summary>The result; rethrows the future's exception if it failed.</summary>
        public T GetResult()
        {
            _future.OnAwaitResumed();
            return _future.Result;
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _future.RegisterContinuation(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _future.RegisterContinuation(continuation);

        void ILoopAwaiter.Register(object continuation) => _future.RegisterContinuation(continuation);
    }
}
