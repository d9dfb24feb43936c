namespace Aio;

/// <summary>
/// Memory channels (trio's <c>open_memory_channel</c>): a bounded queue with separate send and
/// receive ends that can be cloned and closed, so that the end of the stream and a vanished
/// consumer are reported instead of leaving tasks blocked forever.
/// </summary>
public static class Channel
{
    /// <summary>
    /// Creates a channel that buffers up to <paramref name="capacity"/> values; 0 makes it a rendezvous,
    /// where each send waits until a receiver takes the value. Use <see cref="int.MaxValue"/> for unbounded.
    /// </summary>
    /// <returns>The send end and the receive end; clone either for more producers or consumers.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is negative.</exception>
    public static (SendChannel<T> Send, ReceiveChannel<T> Receive) Create<T>(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var state = new MemoryChannelState<T>(capacity);
        return (new SendChannel<T>(state), new ReceiveChannel<T>(state));
    }
}
