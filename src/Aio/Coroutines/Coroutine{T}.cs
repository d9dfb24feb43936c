using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// What calling an <c>async Coroutine&lt;T&gt;</c> method returns: a coroutine that produces a
/// <typeparamref name="T"/>. See <see cref="Coroutine"/>.
/// </summary>
/// <typeparam name="T">The type the coroutine returns.</typeparam>
[AsyncMethodBuilder(typeof(CoroutineMethodBuilder<>))]
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct Coroutine<T> : IEquatable<Coroutine<T>>, IAioAwaitable<T>
{
    internal Coroutine(AioTask<T> frame) => Frame = frame;

    /// <summary>The name of the async method this coroutine runs.</summary>
    public string Name => Frame?.BodyName ?? "(none)";

    /// <summary>Whether the coroutine has returned or thrown.</summary>
    public bool IsDone => Frame?.IsDone ?? false;

    internal AioTask<T> Frame { get; }

    /// <summary>A coroutine of any result type, for APIs that take untyped coroutines.</summary>
    public static implicit operator Coroutine(Coroutine<T> coroutine) => new(coroutine.Frame);

    /// <summary>Two coroutines are equal when they are the same coroutine object.</summary>
    public static bool operator ==(Coroutine<T> left, Coroutine<T> right) => left.Equals(right);

    /// <summary>Two coroutines differ when they are different coroutine objects.</summary>
    public static bool operator !=(Coroutine<T> left, Coroutine<T> right) => !left.Equals(right);

    /// <summary>Returns the coroutine itself: it already is one.</summary>
    public Coroutine<T> AsCoroutine() => this;

    /// <summary>The untyped view of this coroutine (same as the implicit conversion).</summary>
    public Coroutine ToCoroutine() => this;

    /// <summary>Runs the coroutine as part of the awaiting code and returns its result.</summary>
    public Awaiter GetAwaiter() => new((AioTask<T>)new Coroutine(Frame).Checked());

    /// <summary>Describes the coroutine.</summary>
    public override string ToString() => Frame?.ToString() ?? "<Coroutine (none)>";

    /// <inheritdoc />
    public bool Equals(Coroutine<T> other) => ReferenceEquals(Frame, other.Frame);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Coroutine<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Frame is null ? 0 : RuntimeHelpers.GetHashCode(Frame);

    /// <summary>Awaits a coroutine inline: the first check starts it.</summary>
    public readonly struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter, IFrameAwaiter
    {
        private readonly AioTask<T> _frame;

        internal Awaiter(AioTask<T> frame) => _frame = frame;

        /// <summary>Starts the coroutine (once) and tells whether it already finished.</summary>
        public bool IsCompleted => _frame.StartInlineAwait();

        /// <summary>The coroutine's return value; rethrows if it threw.</summary>
        /// <exception cref="InvalidStateError">The coroutine has not finished: it was blocked on rather than awaited.</exception>
        public T GetResult() => _frame.IsDone ? _frame.Result : throw Coroutine.NotFinished(_frame);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _frame.SetAwaiterContinuation(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _frame.SetAwaiterContinuation(continuation);

        AioTask? IFrameAwaiter.Frame => _frame;

        void ILoopAwaiter.Register(object continuation) => _frame.SetAwaiterContinuation(continuation);
    }
}
