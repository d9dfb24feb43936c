using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>A task whose coroutine or delegate produces a <typeparamref name="T"/>. See <see cref="AioTask"/>.</summary>
/// <typeparam name="T">The type of the result.</typeparam>
public class AioTask<T> : AioTask, IAioAwaitable<T>
{
    private protected T _result = default!;

    /// <summary>A coroutine frame, not yet a task.</summary>
    private protected AioTask(EventLoop? loop)
        : base(loop)
    {
    }

    internal AioTask(EventLoop loop, Func<Task<T>> body, string? name)
        : base(loop, body, name)
    {
    }

    /// <summary>The result (asyncio's <c>result()</c>); rethrows the task's exception if it failed.</summary>
    /// <exception cref="CancelledError">The task was cancelled.</exception>
    /// <exception cref="InvalidStateError">The task is not done yet.</exception>
    public T Result
    {
        get
        {
            ThrowIfFailed();
            return _result;
        }
    }

    internal override object? ResultObject => typeof(T) == typeof(VoidResult) ? null : _result;

    /// <summary>Adds a callback that receives this task when it is done (see <see cref="Future.AddDoneCallback"/>).</summary>
    public void AddDoneCallback(Action<AioTask<T>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddCallbackEntry(new DoneCallback<AioTask<T>>(callback), null);
    }

    /// <summary>Removes every registration of <paramref name="callback"/>; returns how many were removed.</summary>
    public int RemoveDoneCallback(Action<AioTask<T>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return RemoveCallbackEntry(new DoneCallback<AioTask<T>>(callback));
    }

    /// <summary>Waits for the task and returns its result.</summary>
    public new Awaiter GetAwaiter() => new(this);

    /// <summary>A coroutine that awaits this task and returns its result; cancelling the task running it cancels this task.</summary>
    public new Coroutine<T> AsCoroutine() => AwaitTask(this);

    private static async Coroutine<T> AwaitTask(AioTask<T> task) => await task;

    /// <summary>A .NET <see cref="Task{T}"/> for this task's result; see <see cref="Future.AsTask"/>.</summary>
    public new Task<T> AsTask() => AsTaskCore(static f => ((AioTask<T>)f).Result);

    /// <summary>A coroutine body returned: complete the task, or the inline frame and its caller.</summary>
    internal void SetFrameResult(T result)
    {
        _result = result;
        if (IsTask)
        {
            CompleteWithSuccess();
        }
        else
        {
            FinishInline(null);
            RunInlineContinuation();
        }
    }

    private protected override void CompleteWithBodyResult(Task body)
    {
        _result = ((Task<T>)body).Result;
        CompleteWithSuccess();
    }

    /// <summary>Waits for an <see cref="AioTask{T}"/>.</summary>
    public new readonly struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
    {
        private readonly AioTask<T> _task;

        internal Awaiter(AioTask<T> task) => _task = task;

        /// <summary>Whether the task is done, so no suspension is needed.</summary>
        public bool IsCompleted => _task.IsDone;

        /// <summary>The result; rethrows the task's exception if it failed.</summary>
        public T GetResult()
        {
            _task.OnAwaitResumed();
            return _task.Result;
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _task.RegisterContinuation(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _task.RegisterContinuation(continuation);

        void ILoopAwaiter.Register(object continuation) => _task.RegisterContinuation(continuation);
    }
}
