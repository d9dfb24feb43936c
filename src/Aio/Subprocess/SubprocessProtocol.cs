namespace Aio;

/// <summary>
/// What a subprocess transport reports (asyncio's <c>SubprocessProtocol</c>): data on the child's
/// pipes, each pipe's end, and the child's exit. <see cref="BaseProtocol.ConnectionLost"/> comes last,
/// once the child has exited and every pipe is closed.
/// </summary>
public abstract class SubprocessProtocol : BaseProtocol
{
    /// <summary>The child is running and its pipes are connected (asyncio's <c>connection_made</c>).</summary>
    public virtual void ConnectionMade(SubprocessTransport transport)
    {
    }

    /// <summary>
    /// The child wrote to stdout (<paramref name="fd"/> 1) or stderr (2) (asyncio's <c>pipe_data_received</c>).
    /// The span is valid only during the call.
    /// </summary>
    public virtual void PipeDataReceived(int fd, ReadOnlySpan<byte> data)
    {
    }

    /// <summary>One of the child's pipes closed (asyncio's <c>pipe_connection_lost</c>).</summary>
    public virtual void PipeConnectionLost(int fd, Exception? exception)
    {
    }

    /// <summary>The child exited (asyncio's <c>process_exited</c>); see <see cref="SubprocessTransport.ReturnCode"/>.</summary>
    public virtual void ProcessExited()
    {
    }
}
