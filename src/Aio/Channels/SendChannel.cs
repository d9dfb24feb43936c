using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// The sending end of a memory channel (trio's <c>MemorySendChannel</c>), made by <see cref="Channel.Create{T}(int)"/>.
/// <see cref="Clone"/> it for each producer and <see cref="Close"/> each clone when done: once every
/// send end is closed, receivers drain the buffer and then see the end of the channel.
/// </summary>
/// <remarks>Loop-thread only, like every Aio primitive. Cancel safety: a send cancelled while blocked did not send its value.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SendChannel<T> : IDisposable, IAsyncDisposable
{
    private readonly MemoryChannelState<T> _state;

    internal SendChannel(MemoryChannelState<T> state) => _state = state;

    /// <summary>Whether this end was closed.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>
    /// Sends <paramref name="value"/> (trio's <c>send</c>): hands it to a waiting receiver, or buffers
    /// it, or waits until a receiver takes it or there is room. With capacity 0 it always waits for a receiver.
    /// </summary>
    /// <exception cref="ClosedResourceError">This end is closed, or was closed while waiting.</exception>
    /// <exception cref="BrokenResourceError">Every receive end is closed: the value was not sent.</exception>
    public SendAwaitable SendAsync(T value) => new(this, value);

    /// <summary>Sends <paramref name="value"/> if that needs no waiting (trio's <c>send_nowait</c>); false when the channel is full.</summary>
    /// <exception cref="ClosedResourceError">This end is closed.</exception>
    /// <exception cref="BrokenResourceError">Every receive end is closed.</exception>
    public bool TrySend(T value)
    {
        CheckUsable();
        return _state.TrySendCore(value);
    }

    /// <summary>Another send end of the same channel (trio's <c>clone()</c>); the channel stays open for receivers until every clone is closed.</summary>
    /// <exception cref="ClosedResourceError">This end is closed.</exception>
    public SendChannel<T> Clone()
    {
        if (IsClosed)
        {
            throw new ClosedResourceError("Cannot clone a closed send channel.");
        }

        _state.OpenSenders++;
        return new SendChannel<T>(_state);
    }

    /// <summary>
    /// Closes this end (trio's <c>aclose()</c>); idempotent. Tasks blocked sending through it raise
    /// <see cref="ClosedResourceError"/>; when it was the last open send end, receivers get the buffered
    /// values and then the end of the channel.
    /// </summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        MemoryChannelState<T>.FinishAll(_state.Senders, this, ChannelWaitState.Closed);
        if (--_state.OpenSenders == 0)
        {
            MemoryChannelState<T>.FinishAll(_state.Receivers, null, ChannelWaitState.OtherSideGone);
        }
    }

    /// <summary>Closes this end; see <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    /// <summary>Closes this end; see <see cref="Close"/>.</summary>
    public ValueTask DisposeAsync()
    {
        Close();
        return default;
    }

    /// <summary>The channel's buffer use, capacity, open ends and blocked tasks (trio's <c>statistics()</c>).</summary>
    public ChannelStatistics Statistics() => _state.Statistics();

    /// <summary>Describes the end and its channel.</summary>
    public override string ToString() =>
        $"<SendChannel{(IsClosed ? " closed" : string.Empty)} buffered={_state.Count}/{_state.Capacity} senders={_state.OpenSenders} receivers={_state.OpenReceivers}>";

    private void CheckUsable()
    {
        if (IsClosed)
        {
            throw new ClosedResourceError("This send channel is closed.");
        }

        if (_state.OpenReceivers == 0)
        {
            throw new BrokenResourceError();
        }
    }

    /// <summary>What <see cref="SendAsync"/> returns: await it, or pass it to a combinator.</summary>
    public readonly struct SendAwaitable : IAioAwaitable
    {
        private readonly SendChannel<T> _channel;
        private readonly T _value;

        internal SendAwaitable(SendChannel<T> channel, T value)
        {
            _channel = channel;
            _value = value;
        }

        /// <summary>Starts the send.</summary>
        public Awaiter GetAwaiter() => new(_channel, _value);

        /// <summary>A coroutine that sends the value when it runs.</summary>
        public Coroutine AsCoroutine() => Send(_channel, _value);

        private static async Coroutine Send(SendChannel<T> channel, T value) => await channel.SendAsync(value);

        /// <summary>Waits until the value is taken or buffered. Not for direct use.</summary>
        public struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
        {
            private readonly SendChannel<T> _channel;
            private readonly T _value;
            private ChannelWaiter<T>? _node;

            internal Awaiter(SendChannel<T> channel, T value)
            {
                _channel = channel;
                _value = value;
                _node = null;
            }

            /// <summary>Whether the send completed (or failed) without waiting.</summary>
            public bool IsCompleted
            {
                get
                {
                    SendChannel<T> channel = _channel;
                    if (MemoryChannelState<T>.CancellationDue())
                    {
                        _node = channel._state.Rent(channel);
                        _node.Value = _value;
                        return false;
                    }

                    if (channel.IsClosed || channel._state.OpenReceivers == 0 || channel._state.TrySendCore(_value))
                    {
                        return true;
                    }

                    _node = channel._state.Rent(channel);
                    _node.Value = _value;
                    return false;
                }
            }

            /// <summary>Returns once the value is sent.</summary>
            /// <exception cref="ClosedResourceError">This end is closed.</exception>
            /// <exception cref="BrokenResourceError">Every receive end is closed.</exception>
            public readonly void GetResult()
            {
                if (_node is not { } node)
                {
                    _channel.CheckUsable(); // completed at once: sent, unless the end was unusable
                    return;
                }

                ChannelWaitState state = node.State;
                Exception? error = node.EndWait();
                _channel._state.Return(node);
                if (error is not null)
                {
                    throw error;
                }

                switch (state)
                {
                    case ChannelWaitState.Closed:
                        throw new ClosedResourceError("The send channel was closed while this send waited.");
                    case ChannelWaitState.OtherSideGone:
                        throw new BrokenResourceError("Every receive end was closed while this send waited; the value was not sent.");
                }
            }

            /// <inheritdoc />
            public readonly void OnCompleted(Action continuation) => Suspend(continuation);

            /// <inheritdoc />
            public readonly void UnsafeOnCompleted(Action continuation) => Suspend(continuation);

            readonly void ILoopAwaiter.Register(object continuation) => Suspend(continuation);

            private readonly void Suspend(object continuation)
            {
                _channel._state.Senders.Append(_node!);
                _node!.Suspend(continuation);
            }
        }
    }
}
