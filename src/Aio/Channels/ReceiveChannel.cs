using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aio;

/// <summary>
/// The receiving end of a memory channel (trio's <c>MemoryReceiveChannel</c>), made by
/// <see cref="Channel.Create{T}(int)"/>. <c>await foreach (var item in receive)</c> takes values until
/// every send end is closed and the buffer is drained. <see cref="Clone"/> it for several consumers:
/// each value goes to exactly one of them.
/// </summary>
/// <remarks>Loop-thread only, like every Aio primitive. Cancel safety: a receive cancelled while blocked took no value.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class ReceiveChannel<T> : IDisposable, IAsyncDisposable
{
    private readonly MemoryChannelState<T> _state;

    internal ReceiveChannel(MemoryChannelState<T> state) => _state = state;

    /// <summary>Whether this end was closed.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Receives the next value (trio's <c>receive</c>), waiting until one is sent.</summary>
    /// <exception cref="EndOfChannel">Every send end is closed and the buffer is empty.</exception>
    /// <exception cref="ClosedResourceError">This end is closed, or was closed while waiting.</exception>
    public ReceiveAwaitable ReceiveAsync() => new(this);

    /// <summary>Receives a value if one is there without waiting (trio's <c>receive_nowait</c>); false when none is.</summary>
    /// <exception cref="EndOfChannel">Every send end is closed and the buffer is empty.</exception>
    /// <exception cref="ClosedResourceError">This end is closed.</exception>
    public bool TryReceive(out T value)
    {
        if (IsClosed)
        {
            throw new ClosedResourceError("This receive channel is closed.");
        }

        if (_state.TryReceiveCore(out value))
        {
            return true;
        }

        return _state.OpenSenders == 0 ? throw new EndOfChannel() : false;
    }

    /// <summary>Another receive end of the same channel (trio's <c>clone()</c>); senders stay usable until every clone is closed.</summary>
    /// <exception cref="ClosedResourceError">This end is closed.</exception>
    public ReceiveChannel<T> Clone()
    {
        if (IsClosed)
        {
            throw new ClosedResourceError("Cannot clone a closed receive channel.");
        }

        _state.OpenReceivers++;
        return new ReceiveChannel<T>(_state);
    }

    /// <summary>
    /// Closes this end (trio's <c>aclose()</c>); idempotent. Tasks blocked receiving through it raise
    /// <see cref="ClosedResourceError"/>; when it was the last open receive end, blocked and later sends
    /// raise <see cref="BrokenResourceError"/> and buffered values are dropped.
    /// </summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        MemoryChannelState<T>.FinishAll(_state.Receivers, this, ChannelWaitState.Closed);
        if (--_state.OpenReceivers == 0)
        {
            MemoryChannelState<T>.FinishAll(_state.Senders, null, ChannelWaitState.OtherSideGone);
            _state.DropBuffer();
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

    /// <summary>Iterates over the values received until every send end is closed (trio's <c>async for</c>).</summary>
    public Enumerator GetAsyncEnumerator() => new(this);

    /// <summary>Describes the end and its channel.</summary>
    public override string ToString() =>
        $"<ReceiveChannel{(IsClosed ? " closed" : string.Empty)} buffered={_state.Count}/{_state.Capacity} senders={_state.OpenSenders} receivers={_state.OpenReceivers}>";

    /// <summary>The <c>await foreach</c> iterator of a receive end.</summary>
    public sealed class Enumerator
    {
        private readonly ReceiveChannel<T> _channel;

        internal Enumerator(ReceiveChannel<T> channel) => _channel = channel;

        /// <summary>The value the last <see cref="MoveNextAsync"/> received.</summary>
        public T Current { get; internal set; } = default!;

        /// <summary>Receives the next value into <see cref="Current"/>; false at the end of the channel.</summary>
        public MoveNextAwaitable MoveNextAsync() => new(this);

        internal ReceiveChannel<T> Channel => _channel;
    }

    /// <summary>What <see cref="Enumerator.MoveNextAsync"/> returns.</summary>
    public readonly struct MoveNextAwaitable
    {
        private readonly Enumerator _enumerator;

        internal MoveNextAwaitable(Enumerator enumerator) => _enumerator = enumerator;

        /// <summary>Starts the receive.</summary>
        public Awaiter GetAwaiter() => new(_enumerator);

        /// <summary>Waits for the next value. Not for direct use.</summary>
        public struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
        {
            private readonly Enumerator _enumerator;
            private ReceiveAwaitable.Awaiter _inner;

            internal Awaiter(Enumerator enumerator)
            {
                _enumerator = enumerator;
                _inner = new ReceiveAwaitable.Awaiter(enumerator.Channel);
            }

            /// <summary>Whether a value (or the end) is there already.</summary>
            public bool IsCompleted => _inner.IsCompleted;

            /// <summary>True with <see cref="Enumerator.Current"/> set, or false at the end of the channel.</summary>
            public readonly bool GetResult()
            {
                if (_inner.TryGetResult(out T value))
                {
                    _enumerator.Current = value;
                    return true;
                }

                _enumerator.Current = default!;
                return false;
            }

            /// <inheritdoc />
            public readonly void OnCompleted(Action continuation) => _inner.Suspend(continuation);

            /// <inheritdoc />
            public readonly void UnsafeOnCompleted(Action continuation) => _inner.Suspend(continuation);

            readonly void ILoopAwaiter.Register(object continuation) => _inner.Suspend(continuation);
        }
    }

    /// <summary>What <see cref="ReceiveAsync"/> returns: await it, or pass it to a combinator.</summary>
    public readonly struct ReceiveAwaitable : IAioAwaitable<T>
    {
        private readonly ReceiveChannel<T> _channel;

        internal ReceiveAwaitable(ReceiveChannel<T> channel) => _channel = channel;

        /// <summary>Starts the receive.</summary>
        public Awaiter GetAwaiter() => new(_channel);

        /// <summary>A coroutine that receives a value when it runs.</summary>
        public Coroutine<T> AsCoroutine() => Receive(_channel);

        private static async Coroutine<T> Receive(ReceiveChannel<T> channel) => await channel.ReceiveAsync();

        /// <summary>Waits for a value. Not for direct use.</summary>
        public struct Awaiter : ICriticalNotifyCompletion, ILoopAwaiter
        {
            private readonly ReceiveChannel<T> _channel;
            private ChannelWaiter<T>? _node;
            private T _value;
            private bool _received;

            internal Awaiter(ReceiveChannel<T> channel)
            {
                _channel = channel;
                _node = null;
                _value = default!;
                _received = false;
            }

            /// <summary>Whether a value (or the end, or the closed state) is there already.</summary>
            public bool IsCompleted
            {
                get
                {
                    ReceiveChannel<T> channel = _channel;
                    if (MemoryChannelState<T>.CancellationDue())
                    {
                        _node = channel._state.Rent(channel);
                        return false;
                    }

                    if (channel.IsClosed)
                    {
                        return true;
                    }

                    if (channel._state.TryReceiveCore(out _value))
                    {
                        _received = true;
                        return true;
                    }

                    if (channel._state.OpenSenders == 0)
                    {
                        return true;
                    }

                    _node = channel._state.Rent(channel);
                    return false;
                }
            }

            /// <summary>The value received.</summary>
            /// <exception cref="EndOfChannel">Every send end is closed and the buffer is empty.</exception>
            /// <exception cref="ClosedResourceError">This end is closed.</exception>
            public readonly T GetResult() => TryGetResult(out T value) ? value : throw new EndOfChannel();

            /// <summary>The value, or false at the end of the channel; other failures throw.</summary>
            internal readonly bool TryGetResult(out T value)
            {
                if (_node is not { } node)
                {
                    if (_received)
                    {
                        value = _value;
                        return true;
                    }

                    value = default!;
                    return _channel.IsClosed ? throw new ClosedResourceError("This receive channel is closed.") : false;
                }

                ChannelWaitState state = node.State;
                value = node.Value;
                Exception? error = node.EndWait();
                _channel._state.Return(node);
                if (error is not null)
                {
                    // A value handed over is never lost: Done waits raise nothing here (ResumeFromCommitted).
                    throw error;
                }

                return state switch
                {
                    ChannelWaitState.Done => true,
                    ChannelWaitState.OtherSideGone => false,
                    _ => throw new ClosedResourceError("The receive channel was closed while this receive waited."),
                };
            }

            /// <inheritdoc />
            public readonly void OnCompleted(Action continuation) => Suspend(continuation);

            /// <inheritdoc />
            public readonly void UnsafeOnCompleted(Action continuation) => Suspend(continuation);

            readonly void ILoopAwaiter.Register(object continuation) => Suspend(continuation);

            internal readonly void Suspend(object continuation)
            {
                _channel._state.Receivers.Append(_node!);
                _node!.Suspend(continuation);
            }
        }
    }
}
