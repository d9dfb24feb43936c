using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A mutual-exclusion lock for tasks (asyncio's <c>Lock</c>); not thread-safe. Waiters are served in
/// FIFO order: a released lock goes to the first waiter, and newcomers queue behind it.
/// <code>using (await lockObject.AcquireAsync()) { ... }   // asyncio: async with lock:</code>
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AioLock
{
    private LoopBinding _binding;
    private WaiterList? _waiters;

    /// <summary>Whether the lock is held (asyncio's <c>locked()</c>).</summary>
    public bool Locked { get; private set; }

    /// <summary>
    /// Waits until the lock is free and takes it (asyncio's <c>acquire()</c>). Dispose the result, or
    /// call <see cref="Release"/>, to let it go.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, the lock is not taken, and a wake-up meant for this waiter passes to the next one.</remarks>
    public AcquireAwaitable AcquireAsync() => new(this);

    /// <summary>Releases the lock and wakes the first waiter (asyncio's <c>release()</c>).</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Release()
    {
        if (!Locked)
        {
            throw new InvalidOperationException("Lock is not acquired.");
        }

        Locked = false;
        WakeUpFirst();
    }

    /// <summary>Shows the state, as asyncio's repr does: <c>&lt;AioLock [locked, waiters:2]&gt;</c>.</summary>
    public override string ToString() =>
        $"<AioLock [{(Locked ? "locked" : "unlocked")}{(_waiters is { Count: > 0 } w ? $", waiters:{w.Count}" : string.Empty)}]>";

    /// <summary>asyncio: free, and nobody waiting except cancelled waiters still on their way out.</summary>
    private bool TryAcquireNow()
    {
        if (!Locked && (_waiters is null || _waiters.AllCancelled()))
        {
            Locked = true;
            return true;
        }

        return false;
    }

    private void WakeUpFirst()
    {
        if (_waiters?.First is { State: WaiterState.Pending } first)
        {
            first.Wake();
        }
    }

    private WaiterNode PrepareWait() => _binding.RentWaiter(this);

    private void Suspend(WaiterNode? node, object continuation) => (_waiters ??= new WaiterList()).Suspend(node, continuation);

    private void EndWait(WaiterNode node)
    {
        Exception? error = _waiters!.Finish(node, out _);
        if (error is not null)
        {
            if (!Locked)
            {
                WakeUpFirst();
            }

            throw error;
        }

        Locked = true;
    }

    /// <summary>What <see cref="AcquireAsync"/> returns; await it.</summary>
    public readonly struct AcquireAwaitable : IAioAwaitable<LockReleaser>
    {
        private readonly AioLock _lock;

        internal AcquireAwaitable(AioLock owner) => _lock = owner;

        /// <summary>Starts the acquisition.</summary>
        public Awaiter GetAwaiter() => new(_lock);

        /// <summary>A coroutine that acquires the lock when it runs and returns its releaser.</summary>
        public Coroutine<LockReleaser> AsCoroutine() => Acquire(_lock);

        private static async Coroutine<LockReleaser> Acquire(AioLock owner) => await owner.AcquireAsync();
    }

    /// <summary>Waits for the lock. Not for direct use.</summary>
    public struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
    {
        private readonly AioLock _lock;
        private WaiterNode? _node;
        private bool _acquired;

        internal Awaiter(AioLock owner)
        {
            _lock = owner;
            _node = null;
            _acquired = false;
        }

        /// <summary>Takes the lock now if it is free and nobody queues for it.</summary>
        public bool IsCompleted
        {
            get
            {
                _acquired = _lock.TryAcquireNow();
                if (!_acquired)
                {
                    _node = _lock.PrepareWait();
                }

                return _acquired;
            }
        }

        /// <summary>The lock is held; dispose the releaser to let it go.</summary>
        public LockReleaser GetResult()
        {
            if (!_acquired)
            {
                _lock.EndWait(_node ?? throw new InvalidOperationException("The awaiter was not awaited."));
            }

            return new LockReleaser(_lock);
        }

        /// <inheritdoc />
        public readonly void OnCompleted(Action continuation) => _lock.Suspend(_node, continuation);

        /// <inheritdoc />
        public readonly void UnsafeOnCompleted(Action continuation) => _lock.Suspend(_node, continuation);

        readonly void ILoopAwaiter.Register(object continuation) => _lock.Suspend(_node, continuation);
    }
}

/// <summary>Releases an <see cref="AioLock"/> when disposed; what <c>await lock.AcquireAsync()</c> returns.</summary>
public readonly struct LockReleaser : IDisposable, IAsyncDisposable
{
    private readonly AioLock? _lock;

    internal LockReleaser(AioLock owner) => _lock = owner;

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock?.Release();

    /// <summary>Releases the lock (for <c>await using</c>).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
