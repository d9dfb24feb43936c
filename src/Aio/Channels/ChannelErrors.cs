namespace Aio;

/// <summary>
/// A channel end was used after it was closed (trio's <c>ClosedResourceError</c>): sending on a closed
/// <see cref="SendChannel{T}"/>, receiving on a closed <see cref="ReceiveChannel{T}"/>, or waiting on an
/// end when it was closed.
/// </summary>
public sealed class ClosedResourceError : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public ClosedResourceError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with the default message.</summary>
    public ClosedResourceError()
        : base("This channel end was closed.")
    {
    }

    /// <summary>Creates the error with an inner exception.</summary>
    public ClosedResourceError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The other side of a channel is gone (trio's <c>BrokenResourceError</c>): every receive end is
/// closed, so a value sent could never be received. The value was not sent.
/// </summary>
public sealed class BrokenResourceError : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public BrokenResourceError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with the default message.</summary>
    public BrokenResourceError()
        : base("Every receive end of this channel is closed.")
    {
    }

    /// <summary>Creates the error with an inner exception.</summary>
    public BrokenResourceError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Every send end of the channel is closed and its buffer is empty (trio's <c>EndOfChannel</c>):
/// nothing more will arrive. <c>await foreach</c> over the receive end ends quietly instead.
/// </summary>
public sealed class EndOfChannel : Exception
{
    /// <summary>Creates the error.</summary>
    public EndOfChannel(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with the default message.</summary>
    public EndOfChannel()
        : base("Every send end of this channel is closed and nothing is left to receive.")
    {
    }

    /// <summary>Creates the error with an inner exception.</summary>
    public EndOfChannel(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A snapshot of a channel's state (trio's <c>MemoryChannelStatistics</c>).
/// </summary>
/// <param name="CurrentBufferUsed">Values in the buffer.</param>
/// <param name="MaxBufferSize">The capacity the channel was created with.</param>
/// <param name="OpenSendChannels">Send ends (clones included) not yet closed.</param>
/// <param name="OpenReceiveChannels">Receive ends (clones included) not yet closed.</param>
/// <param name="TasksWaitingSend">Tasks blocked in <c>SendAsync</c>.</param>
/// <param name="TasksWaitingReceive">Tasks blocked in <c>ReceiveAsync</c>.</param>
public readonly record struct ChannelStatistics(
    int CurrentBufferUsed,
    int MaxBufferSize,
    int OpenSendChannels,
    int OpenReceiveChannels,
    int TasksWaitingSend,
    int TasksWaitingReceive);
