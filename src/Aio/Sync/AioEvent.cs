using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// A flag tasks can wait for (asyncio's <c>Event</c>); not thread-safe. <see cref="Set"/> wakes every
/// waiter, in the order they started waiting.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AioEvent
{
    private LoopBinding _binding;
    private WaiterList? _waiters;

    /// <summary>Whether the flag is set (asyncio's <c>is_set()</c>).</summary>
    public bool IsSet { get; private set; }

    /// <summary>Sets the flag and wakes all waiters (asyncio's <c>set()</c>).</summary>
    public void Set()
    {
        if (IsSet)
        {
            return;
        }

        IsSet = true;
        for (WaiterNode? node = _waiters?.First; node is not null; node = node.Next)
        {
            if (node.State == WaiterState.Pending)
            {
                node.Wake();
            }
        }
    }

    /// <summary>Clears the flag (asyncio's <c>clear()</c>).</summary>
    public void Clear() => IsSet = false;

    /// <summary>Waits until the flag is set; returns true at once if it is (asyncio's <c>wait()</c>).</summary>
    /// <remarks>Cancel safety: cancelling the wait changes nothing else.</remarks>
    public WaitAwaitable WaitAsync() => new(this);

    /// <summary>Shows the state: <c>&lt;AioEvent [set, waiters:2]&gt;</c>.</summary>
    public override string ToString() =>
        $"<AioEvent [{(IsSet ? "set" : "unset")}{(_waiters is { Count: > 0 } w ? $", waiters:{w.Count}" : string.Empty)}]>";

    private WaiterNode PrepareWait() => _binding.RentWaiter(this);

    private void Suspend(WaiterNode? node, object continuation) => (_waiters ??= new WaiterList()).Suspend(node, continuation);

    private void EndWait(WaiterNode node) => _waiters!.FinishOrThrow(node);

    /// <summary>What <see cref="WaitAsync"/> returns; await it.</summary>
    public readonly struct WaitAwaitable : IAioAwaitable<bool>
    {
        private readonly AioEvent _event;

        internal WaitAwaitable(AioEvent owner) => _event = owner;

        /// <summary>Starts the wait.</summary>
        public Awaiter GetAwaiter() => new(_event);

        /// <summary>Turns the wait into a coroutine, for APIs that take coroutines (asyncio's <c>wait()</c> is one).</summary>
        public Coroutine<bool> AsCoroutine() => WaitCoroutine(_event);

        private static async Coroutine<bool> WaitCoroutine(AioEvent owner) => await owner.WaitAsync();
    }

    /// <summary>Waits for the event. Not for direct use.</summary>
    public struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
    {
        private readonly AioEvent _event;
        private WaiterNode? _node;

        internal Awaiter(AioEvent owner)
        {
            _event = owner;
            _node = null;
        }

        /// <summary>Whether the flag is already set.</summary>
        public bool IsCompleted
        {
            get
            {
                if (_event.IsSet)
                {
                    return true;
                }

                _node = _event.PrepareWait();
                return false;
            }
        }

        /// <summary>Always true, as in asyncio.</summary>
        public readonly bool GetResult()
        {
            if (_node is not null)
            {
                _event.EndWait(_node);
            }

            return true;
        }

        /// <inheritdoc />
        public readonly void OnCompleted(Action continuation) => _event.Suspend(_node, continuation);

        /// <inheritdoc />
        public readonly void UnsafeOnCompleted(Action continuation) => _event.Suspend(_node, continuation);

        readonly void ILoopAwaiter.Register(object continuation) => _event.Suspend(_node, continuation);
    }
}
