using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Aio;

/// <summary>
/// A condition variable (asyncio's <c>Condition</c>): tasks holding its lock wait until notified.
/// A waiter re-acquires the lock before returning even when cancelled, and a waiter that fails after
/// being notified passes the notification on, so none is lost (asyncio 3.13).
/// <code>using (await condition.AcquireAsync()) { await condition.WaitForAsync(() => ready); }</code>
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AioCondition
{
    private readonly AioLock _lock;
    private LoopBinding _binding;
    private WaiterList? _waiters;

    /// <summary>Creates a condition over <paramref name="lockObject"/>, or over a new lock.</summary>
    public AioCondition(AioLock? lockObject = null)
    {
        _lock = lockObject ?? new AioLock();
    }

    /// <summary>Whether the underlying lock is held.</summary>
    public bool Locked => _lock.Locked;

    /// <summary>Acquires the underlying lock; see <see cref="AioLock.AcquireAsync"/>.</summary>
    public AioLock.AcquireAwaitable AcquireAsync() => _lock.AcquireAsync();

    /// <summary>Releases the underlying lock.</summary>
    public void Release() => _lock.Release();

    /// <summary>
    /// Releases the lock, waits to be notified, re-acquires the lock (asyncio's <c>wait()</c>).
    /// </summary>
    /// <remarks>Cancel safety: the lock is held again when this ends, whether notified or cancelled.</remarks>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public async Coroutine<bool> WaitAsync()
    {
        if (!Locked)
        {
            throw new InvalidOperationException("cannot wait on un-acquired lock");
        }

        Release();
        try
        {
            try
            {
                await new NotifyAwaitable(this);
                return true;
            }
            finally
            {
                // Re-acquire even if the wait is cancelled; only CancelledError may interrupt this.
                CancelledError? error = null;
                while (true)
                {
                    try
                    {
                        await _lock.AcquireAsync();
                        break;
                    }
                    catch (CancelledError e)
                    {
                        error = e;
                    }
                }

                if (error is not null)
                {
                    ExceptionDispatchInfo.Throw(error);
                }
            }
        }
        catch
        {
            // We may have been notified before failing: make sure another waiter is, instead.
            NotifyCore(1);
            throw;
        }
    }

    /// <summary>Waits until <paramref name="predicate"/> is true, checking it after each notification (asyncio's <c>wait_for()</c>).</summary>
    public async Coroutine<bool> WaitForAsync(Func<bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        bool result = predicate();
        while (!result)
        {
            await WaitAsync();
            result = predicate();
        }

        return result;
    }

    /// <summary>Wakes up to <paramref name="n"/> waiters, oldest first (asyncio's <c>notify()</c>).</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Notify(int n = 1)
    {
        if (!Locked)
        {
            throw new InvalidOperationException("cannot notify on un-acquired lock");
        }

        NotifyCore(n);
    }

    /// <summary>Wakes every waiter (asyncio's <c>notify_all()</c>).</summary>
    public void NotifyAll() => Notify(_waiters?.Count ?? 0);

    /// <summary>Shows the state: <c>&lt;AioCondition [locked, waiters:1]&gt;</c>.</summary>
    public override string ToString() =>
        $"<AioCondition [{(Locked ? "locked" : "unlocked")}{(_waiters is { Count: > 0 } w ? $", waiters:{w.Count}" : string.Empty)}]>";

    private void NotifyCore(int n)
    {
        int woken = 0;
        for (WaiterNode? node = _waiters?.First; node is not null && woken < n; node = node.Next)
        {
            if (node.State == WaiterState.Pending)
            {
                woken++;
                node.Wake();
            }
        }
    }

    private WaiterNode PrepareWait() => _binding.RentWaiter(this);

    private void Suspend(WaiterNode? node, object continuation) => (_waiters ??= new WaiterList()).Suspend(node, continuation);

    private void EndWait(WaiterNode node) => _waiters!.FinishOrThrow(node);

    /// <summary>The wait for a notification, inside <see cref="WaitAsync"/>.</summary>
    private readonly struct NotifyAwaitable(AioCondition condition)
    {
        public NotifyAwaiter GetAwaiter() => new(condition);
    }

    private struct NotifyAwaiter(AioCondition condition) : ICriticalNotifyCompletion, ILoopAwaiter
    {
        private WaiterNode? _node;

        public bool IsCompleted
        {
            get
            {
                _node = condition.PrepareWait();
                return false;
            }
        }

        public readonly void GetResult() => condition.EndWait(_node!);

        public readonly void OnCompleted(Action continuation) => condition.Suspend(_node, continuation);

        public readonly void UnsafeOnCompleted(Action continuation) => condition.Suspend(_node, continuation);

        readonly void ILoopAwaiter.Register(object continuation) => condition.Suspend(_node, continuation);
    }
}
