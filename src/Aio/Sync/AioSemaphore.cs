using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A counter of permits (asyncio's <c>Semaphore</c>); not thread-safe. <see cref="Release"/> hands a
/// permit straight to the first waiter, so waiters are served FIFO and a cancelled waiter never keeps
/// or loses a permit: one handed to it as it was cancelled goes to the next waiter.
/// <code>using (await semaphore.AcquireAsync()) { ... }   // asyncio: async with semaphore:</code>
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public class AioSemaphore
{
    private LoopBinding _binding;
    private WaiterList? _waiters;

    /// <summary>Creates a semaphore with <paramref name="value"/> permits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public AioSemaphore(int value = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Value = value;
    }

    /// <summary>The number of permits available now.</summary>
    public int Value { get; private set; }

    /// <summary>Whether <see cref="AcquireAsync"/> would wait (asyncio's <c>locked()</c>).</summary>
    public bool Locked => Value == 0 || (_waiters is not null && !_waiters.AllCancelled());

    /// <summary>Waits for a permit and takes it (asyncio's <c>acquire()</c>); dispose the result to give it back.</summary>
    /// <remarks>Cancel safety: if cancelled while waiting, no permit is taken and none is lost.</remarks>
    public AcquireAwaitable AcquireAsync() => new(this);

    /// <summary>Gives a permit back and wakes the next waiter (asyncio's <c>release()</c>).</summary>
    public virtual void Release()
    {
        Value++;
        WakeUpNext();
    }

    /// <summary>Shows the state, as asyncio's repr does: <c>&lt;AioSemaphore [unlocked, value:2]&gt;</c>.</summary>
    public override string ToString() =>
        $"<{GetType().Name} [{(Locked ? "locked" : $"unlocked, value:{Value}")}{(_waiters is { Count: > 0 } w ? $", waiters:{w.Count}" : string.Empty)}]>";

    private bool TryAcquireNow()
    {
        if (Locked)
        {
            return false;
        }

        Value--;
        return true;
    }

    /// <summary>Hands a permit to the first pending waiter (asyncio 3.12's <c>_wake_up_next</c>).</summary>
    private bool WakeUpNext()
    {
        for (WaiterNode? node = _waiters?.First; node is not null; node = node.Next)
        {
            if (node.State == WaiterState.Pending)
            {
                Value--;
                node.Wake();
                return true;
            }
        }

        return false;
    }

    private WaiterNode PrepareWait() => _binding.RentWaiter(this);

    private void Suspend(WaiterNode? node, object continuation) => (_waiters ??= new WaiterList()).Suspend(node, continuation);

    private void EndWait(WaiterNode node)
    {
        Exception? error = _waiters!.Finish(node, out WaiterState state);
        if (error is CancelledError && state == WaiterState.Woken)
        {
            // A permit was handed to us as we were cancelled: give it back.
            Value++;
        }

        // New waiters may have queued behind us (FIFO): wake as many as there are permits.
        while (Value > 0 && WakeUpNext())
        {
        }

        if (error is not null)
        {
            throw error;
        }
    }

    /// <summary>What <see cref="AcquireAsync"/> returns; await it.</summary>
    public readonly struct AcquireAwaitable : IAioAwaitable<SemaphoreReleaser>
    {
        private readonly AioSemaphore _semaphore;

        internal AcquireAwaitable(AioSemaphore owner) => _semaphore = owner;

        /// <summary>Starts the acquisition.</summary>
        public Awaiter GetAwaiter() => new(_semaphore);

        /// <summary>A coroutine that acquires a permit when it runs and returns its releaser.</summary>
        public Coroutine<SemaphoreReleaser> AsCoroutine() => Acquire(_semaphore);

        private static async Coroutine<SemaphoreReleaser> Acquire(AioSemaphore owner) => await owner.AcquireAsync();
    }

    /// <summary>Waits for a permit. Not for direct use.</summary>
    public struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
    {
        private readonly AioSemaphore _semaphore;
        private WaiterNode? _node;
        private bool _acquired;

        internal Awaiter(AioSemaphore owner)
        {
            _semaphore = owner;
            _node = null;
            _acquired = false;
        }

        /// <summary>Takes a permit now if one is free and nobody queues for it.</summary>
        public bool IsCompleted
        {
            get
            {
                _acquired = _semaphore.TryAcquireNow();
                if (!_acquired)
                {
                    _node = _semaphore.PrepareWait();
                }

                return _acquired;
            }
        }

        /// <summary>A permit is held; dispose the releaser to give it back.</summary>
        public SemaphoreReleaser GetResult()
        {
            if (!_acquired)
            {
                _semaphore.EndWait(_node ?? throw new InvalidOperationException("The awaiter was not awaited."));
            }

            return new SemaphoreReleaser(_semaphore);
        }

        /// <inheritdoc />
        public readonly void OnCompleted(Action continuation) => _semaphore.Suspend(_node, continuation);

        /// <inheritdoc />
        public readonly void UnsafeOnCompleted(Action continuation) => _semaphore.Suspend(_node, continuation);

        readonly void ILoopAwaiter.Register(object continuation) => _semaphore.Suspend(_node, continuation);
    }
}

/// <summary>Gives a permit back to an <see cref="AioSemaphore"/> when disposed.</summary>
public readonly struct SemaphoreReleaser : IDisposable, IAsyncDisposable
{
    private readonly AioSemaphore? _semaphore;

    internal SemaphoreReleaser(AioSemaphore owner) => _semaphore = owner;

    /// <summary>Releases the permit.</summary>
    public void Dispose() => _semaphore?.Release();

    /// <summary>Releases the permit (for <c>await using</c>).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
