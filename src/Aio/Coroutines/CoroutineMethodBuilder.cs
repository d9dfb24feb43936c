using System.ComponentModel;
using System.Runtime.CompilerServices;

// The compiler fixes these signatures (the async method builder pattern); some parameters go unused.
#pragma warning disable IDE0060

namespace Aio;

/// <summary>The compiler's builder for <c>async Coroutine</c> methods. Not for direct use.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct CoroutineMethodBuilder
{
    private CoroutineMethodBuilder<VoidResult> _inner;

    /// <summary>Creates a builder.</summary>
    public static CoroutineMethodBuilder Create() => default;

    /// <summary>The coroutine being built.</summary>
    public readonly Coroutine Task => new(_inner.Frame);

    /// <summary>Captures the state machine without running it: coroutines start when awaited or scheduled.</summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => _inner.Start(ref stateMachine);

    /// <summary>Not used: the frame owns the state machine from <see cref="Start"/> on.</summary>
#pragma warning disable CA1822 // The compiler calls the builder's members on an instance.
    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }
#pragma warning restore CA1822

    /// <summary>Completes the coroutine.</summary>
    public readonly void SetResult() => _inner.SetResult(default);

    /// <summary>Completes the coroutine with an exception.</summary>
    public readonly void SetException(Exception exception) => _inner.SetException(exception);

    /// <summary>Suspends the coroutine on an awaiter.</summary>
    public readonly void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine => _inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

    /// <summary>Suspends the coroutine on an awaiter.</summary>
    public readonly void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine => _inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
}

/// <summary>The compiler's builder for <c>async Coroutine&lt;T&gt;</c> methods. Not for direct use.</summary>
/// <typeparam name="T">The coroutine's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct CoroutineMethodBuilder<T>
{
    private AioTask<T>? _frame;

    /// <summary>Creates a builder.</summary>
#pragma warning disable CA1000 // The compiler requires a static Create on the builder type.
    public static CoroutineMethodBuilder<T> Create() => default;
#pragma warning restore CA1000

    /// <summary>The coroutine being built.</summary>
    public readonly Coroutine<T> Task => new(_frame!);

    internal readonly AioTask<T> Frame => _frame!;

    /// <summary>
    /// Moves the state machine into its frame without running it. <c>this</c> is the builder field
    /// inside <paramref name="stateMachine"/>, so the frame reference is set before the copy.
    /// </summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        var frame = new CoroutineFrame<TStateMachine, T>();
        _frame = frame;
        frame.StateMachine = stateMachine;
        if (EventLoop.AnyDebug && EventLoop.Running is { Debug: true })
        {
            frame.WatchNeverAwaited();
        }
    }

    /// <summary>Not used: the frame owns the state machine from <see cref="Start"/> on.</summary>
#pragma warning disable CA1822 // The compiler calls the builder's members on an instance.
    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }
#pragma warning restore CA1822

    /// <summary>Completes the coroutine with its return value.</summary>
    public readonly void SetResult(T result) => _frame!.SetFrameResult(result);

    /// <summary>Completes the coroutine with an exception.</summary>
    public readonly void SetException(Exception exception) => _frame!.SetFrameException(exception);

    /// <summary>Suspends the coroutine on an awaiter.</summary>
    public readonly void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => Unsafe.As<CoroutineFrame<TStateMachine, T>>(_frame!).Await(ref awaiter);

    /// <summary>Suspends the coroutine on an awaiter.</summary>
    public readonly void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => Unsafe.As<CoroutineFrame<TStateMachine, T>>(_frame!).Await(ref awaiter);
}
