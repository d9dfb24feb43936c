using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// What <see cref="Asyncio.Sleep(double)"/> returns: await it to suspend the current task. A delay of
/// zero or less yields exactly one loop iteration (asyncio's bare yield) and allocates nothing.
/// </summary>
/// <remarks>Cancel safety: if cancelled while sleeping, the sleep ends with <see cref="CancelledError"/>; nothing else is affected.</remarks>
public readonly struct SleepAwaitable : IAioAwaitable
{
    private readonly double _delay;

    internal SleepAwaitable(double delay) => _delay = delay;

    /// <summary>Starts the sleep on the running loop.</summary>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public Awaiter GetAwaiter() => new(Asyncio.GetRunningLoop(), _delay);

    /// <summary>Turns the sleep into a coroutine (asyncio's <c>sleep()</c> is one).</summary>
    public Coroutine AsCoroutine() => SleepCoroutine(_delay);

    /// <summary>Turns the sleep into a coroutine (asyncio's <c>sleep()</c> is a coroutine).</summary>
    public static implicit operator Coroutine(SleepAwaitable sleep) => sleep.AsCoroutine();

    private static async Coroutine SleepCoroutine(double delay) => await new SleepAwaitable(delay);

    /// <summary>Waits for a sleep to end.</summary>
    public readonly struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
    {
        // One field: a zero sleep needs no state (the loop is the running one), a real one its timer.
        private readonly SleepTimer? _timer;

        internal Awaiter(EventLoop loop, double delay)
        {
            _timer = delay > 0 ? SleepTimer.Rent(loop, loop.Time() + delay) : null;
        }

        /// <summary>Always false: a sleep always suspends, even for zero seconds.</summary>
        public bool IsCompleted => false;

        /// <summary>Returns when the sleep is over; throws <see cref="CancelledError"/> if the task was cancelled.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void GetResult()
        {
            if (_timer is null)
            {
                EventLoop.Running?.CurrentTask?.ResumeFromYield();
            }
            else
            {
                _timer.OnResumed();
            }
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => Register(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => Register(continuation);

        /// <inheritdoc cref="ILoopAwaiter.Register" />
        void ILoopAwaiter.Register(object continuation) => Register(continuation);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Register(object continuation)
        {
            if (_timer is null)
            {
                EventLoop loop = EventLoop.Running!;
                loop.CurrentTask?.MarkYielded();
                loop.Enqueue(continuation, null, loop.CurrentTask);
            }
            else
            {
                _timer.Register(continuation);
            }
        }
    }
}

/// <summary>What <see cref="Asyncio.Sleep{T}(double, T)"/> returns: a sleep that produces a value when it ends.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly struct SleepAwaitable<T> : IAioAwaitable<T>
{
    private readonly double _delay;
    private readonly T _result;

    internal SleepAwaitable(double delay, T result)
    {
        _delay = delay;
        _result = result;
    }

    /// <summary>Starts the sleep on the running loop.</summary>
    public Awaiter GetAwaiter() => new(new SleepAwaitable(_delay).GetAwaiter(), _result);

    /// <summary>Turns the sleep into a coroutine that returns the value.</summary>
    public Coroutine<T> AsCoroutine() => SleepCoroutine(_delay, _result);

    /// <summary>Turns the sleep into a coroutine that returns the value.</summary>
    public static implicit operator Coroutine<T>(SleepAwaitable<T> sleep) => sleep.AsCoroutine();

    private static async Coroutine<T> SleepCoroutine(double delay, T result)
    {
        await new SleepAwaitable(delay);
        return result;
    }

    /// <summary>Waits for a sleep to end and returns its value.</summary>
    public readonly struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
    {
        private readonly SleepAwaitable.Awaiter _inner;
        private readonly T _result;

        internal Awaiter(SleepAwaitable.Awaiter inner, T result)
        {
            _inner = inner;
            _result = result;
        }

        /// <summary>Always false: a sleep always suspends.</summary>
        public bool IsCompleted => false;

        /// <summary>The value given to <c>Sleep</c>; throws <see cref="CancelledError"/> if the task was cancelled.</summary>
        public T GetResult()
        {
            _inner.GetResult();
            return _result;
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _inner.OnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _inner.UnsafeOnCompleted(continuation);

        void ILoopAwaiter.Register(object continuation) => ((ILoopAwaiter)_inner).Register(continuation);
    }
}
