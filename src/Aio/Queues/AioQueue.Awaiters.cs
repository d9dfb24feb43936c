using System.Runtime.CompilerServices;

namespace Aio;

public partial class AioQueue<T>
{
    private WaiterNode PrepareWait() => _binding.RentWaiter(this);

    private void Suspend(WaiterNode? node, object continuation, bool getter) =>
        (getter ? _getters : _putters).Suspend(node, continuation);

    /// <summary>
    /// asyncio's <c>except:</c> branch around <c>await getter</c>/<c>await putter</c>: a waiter woken but
    /// failing passes the wake-up to the next in line, so no item or slot is lost.
    /// </summary>
    private void EndWait(WaiterNode node, bool getter)
    {
        WaiterList list = getter ? _getters : _putters;
        Exception? error = list.Finish(node, out WaiterState state);
        if (error is null)
        {
            return;
        }

        if (state != WaiterState.Cancelled && (getter ? !Empty : !Full))
        {
            list.PopAndWakeNext();
        }

        throw error;
    }

    /// <summary>What <see cref="GetAsync"/> returns: await it, or pass it to a combinator.</summary>
    public readonly struct GetAwaitable : IAioAwaitable<T>
    {
        private readonly AioQueue<T> _queue;

        internal GetAwaitable(AioQueue<T> queue) => _queue = queue;

        /// <summary>Starts the get.</summary>
        public Awaiter GetAwaiter() => new(_queue);

        /// <summary>A coroutine that gets an item when it runs (asyncio's <c>get()</c> is one).</summary>
        public Coroutine<T> AsCoroutine() => Get(_queue);

        private static async Coroutine<T> Get(AioQueue<T> queue) => await queue.GetAsync();

        /// <summary>Waits for an item. Not for direct use.</summary>
        public struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
        {
            private readonly AioQueue<T> _queue;
            private WaiterNode? _node;

            internal Awaiter(AioQueue<T> queue)
            {
                _queue = queue;
                _node = null;
            }

            /// <summary>Whether an item (or the shutdown) is there already.</summary>
            public bool IsCompleted
            {
                get
                {
                    if (!_queue.Empty || _queue.IsShutDown)
                    {
                        return true;
                    }

                    _node = _queue.PrepareWait();
                    return false;
                }
            }

            /// <summary>The item; raises <see cref="QueueShutDown"/> when the queue is shut down and empty.</summary>
            public readonly T GetResult()
            {
                if (_node is not null)
                {
                    _queue.EndWait(_node, getter: true);
                }

                // A getter is resumed only when an item is there or the queue is shut down (RecheckOwner).
                if (_queue.TryGet(out T item))
                {
                    return item;
                }

                throw _queue.IsShutDown
                    ? new QueueShutDown(QueueShutDown.GetMessage)
                    : new InvalidOperationException("A woken queue getter found the queue empty.");
            }

            /// <inheritdoc />
            public readonly void OnCompleted(Action continuation) => _queue.Suspend(_node, continuation, getter: true);

            /// <inheritdoc />
            public readonly void UnsafeOnCompleted(Action continuation) => _queue.Suspend(_node, continuation, getter: true);

            readonly void ILoopAwaiter.Register(object continuation) => _queue.Suspend(_node, continuation, getter: true);
        }
    }

    /// <summary>What <see cref="PutAsync"/> returns: await it, or pass it to a combinator.</summary>
    public readonly struct PutAwaitable : IAioAwaitable
    {
        private readonly AioQueue<T> _queue;
        private readonly T _item;

        internal PutAwaitable(AioQueue<T> queue, T item)
        {
            _queue = queue;
            _item = item;
        }

        /// <summary>Starts the put.</summary>
        public Awaiter GetAwaiter() => new(_queue, _item);

        /// <summary>A coroutine that puts the item when it runs (asyncio's <c>put()</c> is one).</summary>
        public Coroutine AsCoroutine() => Put(_queue, _item);

        private static async Coroutine Put(AioQueue<T> queue, T item) => await queue.PutAsync(item);

        /// <summary>Waits for room for an item. Not for direct use.</summary>
        public struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
        {
            private readonly AioQueue<T> _queue;
            private readonly T _item;
            private WaiterNode? _node;

            internal Awaiter(AioQueue<T> queue, T item)
            {
                _queue = queue;
                _item = item;
                _node = null;
            }

            /// <summary>Whether there is room (or the queue is shut down, which the result reports).</summary>
            public bool IsCompleted
            {
                get
                {
                    if (!_queue.Full || _queue.IsShutDown)
                    {
                        return true;
                    }

                    _node = _queue.PrepareWait();
                    return false;
                }
            }

            /// <summary>Adds the item; raises <see cref="QueueShutDown"/> when the queue is shut down.</summary>
            public readonly void GetResult()
            {
                if (_node is not null)
                {
                    _queue.EndWait(_node, getter: false);
                }

                // A woken putter is resumed only when there is room (RecheckOwner), so this puts the item.
                if (!_queue.TryPut(_item))
                {
                    throw new InvalidOperationException("A woken queue putter found the queue full.");
                }
            }

            /// <inheritdoc />
            public readonly void OnCompleted(Action continuation) => _queue.Suspend(_node, continuation, getter: false);

            /// <inheritdoc />
            public readonly void UnsafeOnCompleted(Action continuation) => _queue.Suspend(_node, continuation, getter: false);

            readonly void ILoopAwaiter.Register(object continuation) => _queue.Suspend(_node, continuation, getter: false);
        }
    }
}
