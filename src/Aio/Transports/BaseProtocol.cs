namespace Aio;

/// <summary>
/// What every protocol hears from its transport (asyncio's <c>BaseProtocol</c>): the end of the
/// connection and write flow control. Protocol callbacks run on the loop thread, one at a time;
/// an exception a callback throws goes to the loop's exception handler and the transport is closed.
/// </summary>
public abstract class BaseProtocol
{
    /// <summary>
    /// The connection is closed (asyncio's <c>connection_lost</c>): <paramref name="exception"/> is null
    /// after a regular end of stream or <c>Close()</c>, else the error that broke it. Called once, last.
    /// </summary>
    public virtual void ConnectionLost(Exception? exception)
    {
    }

    /// <summary>
    /// The transport's write buffer went over its high-water mark (asyncio's <c>pause_writing</c>):
    /// stop writing until <see cref="ResumeWriting"/>. Calls alternate, starting with this one.
    /// </summary>
    public virtual void PauseWriting()
    {
    }

    /// <summary>The write buffer drained to its low-water mark (asyncio's <c>resume_writing</c>).</summary>
    public virtual void ResumeWriting()
    {
    }

    /// <summary>
    /// asyncio's <c>connection_made</c>, as a transport calls it: each protocol kind passes the transport on
    /// to its own, typed <c>ConnectionMade</c>. A protocol with none (a plain <see cref="BaseProtocol"/> on a
    /// write pipe) ignores it.
    /// </summary>
    internal virtual void MadeConnection(BaseTransport transport)
    {
    }
}
