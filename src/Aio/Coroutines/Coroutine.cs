using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// What calling an <c>async Coroutine</c> method returns: a coroutine object, as in Python. It does
/// not start when called. Awaiting it runs it inline, as part of the awaiting task; passing it to
/// <see cref="Asyncio.CreateTask(Coroutine, string?)"/> or <see cref="Asyncio.Gather(Coroutine[])"/>
/// runs it as a task of its own. A coroutine can be awaited once.
/// </summary>
/// <remarks>
/// Design note (docs/design/tasks.md): the method builder keeps the compiler's state machine in one
/// frame object per call, and that frame is already an <see cref="AioTask"/>: making it a task
/// allocates nothing more. Awaits of loop-owned awaitables hand the frame to the loop directly, so
/// suspending and resuming allocate nothing; a finished inner coroutine resumes its caller
/// synchronously, like Python's <c>await</c> of a coroutine.
/// </remarks>
[AsyncMethodBuilder(typeof(CoroutineMethodBuilder))]
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct Coroutine : IEquatable<Coroutine>, IAioAwaitable
{
    internal Coroutine(AioTask frame) => Frame = frame;

    /// <summary>The name of the async method this coroutine runs.</summary>
    public string Name => Frame?.BodyName ?? "(none)";

    /// <summary>Whether the coroutine has returned or thrown.</summary>
    public bool IsDone => Frame?.IsDone ?? false;

    internal AioTask Frame { get; }

    /// <summary>Two coroutines are equal when they are the same coroutine object.</summary>
    public static bool operator ==(Coroutine left, Coroutine right) => left.Equals(right);

    /// <summary>Two coroutines differ when they are different coroutine objects.</summary>
    public static bool operator !=(Coroutine left, Coroutine right) => !left.Equals(right);

    /// <summary>Returns the coroutine itself: it already is one.</summary>
    public Coroutine AsCoroutine() => this;

    /// <summary>Runs the coroutine as part of the awaiting code.</summary>
    public Awaiter GetAwaiter() => new(Checked());

    /// <summary>Describes the coroutine, for example <c>&lt;Coroutine FetchData running&gt;</c>.</summary>
    public override string ToString() => Frame?.ToString() ?? "<Coroutine (none)>";

    /// <inheritdoc />
    public bool Equals(Coroutine other) => ReferenceEquals(Frame, other.Frame);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Coroutine other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Frame is null ? 0 : RuntimeHelpers.GetHashCode(Frame);

    /// <summary>The frame, or a clear error for <c>default(Coroutine)</c>.</summary>
    internal AioTask Checked() =>
        Frame ?? throw new ArgumentException("default(Coroutine) is not a coroutine; call an async Coroutine method to get one.");

    /// <summary>The error for reading a coroutine's outcome before it ran, as <c>Work().GetAwaiter().GetResult()</c> does.</summary>
    internal static InvalidStateError NotFinished(AioTask frame) =>
        new($"{frame} has not finished: a coroutine runs only when it is awaited (await Work()) or run as a task "
            + "(Asyncio.Run(Work()), Asyncio.CreateTask(Work())); GetAwaiter().GetResult() does not run it.");

    /// <summary>Awaits a coroutine inline: the first check starts it.</summary>
    public readonly struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter, IFrameAwaiter
    {
        private readonly AioTask _frame;

        internal Awaiter(AioTask frame) => _frame = frame;

        /// <summary>Starts the coroutine (once) and tells whether it already finished.</summary>
        public bool IsCompleted => _frame.StartInlineAwait();

        /// <summary>Rethrows the coroutine's exception, if it threw.</summary>
        /// <exception cref="InvalidStateError">The coroutine has not finished: it was blocked on rather than awaited.</exception>
        public void GetResult()
        {
            if (!_frame.IsDone)
            {
                throw NotFinished(_frame);
            }

            _frame.ThrowIfFailed();
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _frame.SetAwaiterContinuation(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _frame.SetAwaiterContinuation(continuation);

        AioTask? IFrameAwaiter.Frame => _frame;

        void ILoopAwaiter.Register(object continuation) => _frame.SetAwaiterContinuation(continuation);
    }
}
