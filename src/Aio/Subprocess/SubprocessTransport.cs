namespace Aio;

/// <summary>A running child process and its pipes (asyncio's <c>SubprocessTransport</c>).</summary>
public abstract class SubprocessTransport : BaseTransport
{
    /// <summary>The child's process id (asyncio's <c>get_pid()</c>).</summary>
    public abstract int Pid { get; }

    /// <summary>
    /// The exit status once the child has exited, else null (asyncio's <c>get_returncode()</c>): the exit
    /// code, or minus the signal number if a signal ended it (-9 after <see cref="Kill"/>).
    /// </summary>
    public abstract int? ReturnCode { get; }

    /// <summary>The transport of the child's stdin (0), stdout (1) or stderr (2) pipe, if that stream is a pipe (asyncio's <c>get_pipe_transport</c>).</summary>
    public abstract Transport? GetPipeTransport(int fd);

    /// <summary>Sends <paramref name="signal"/> to the child (asyncio's <c>send_signal</c>).</summary>
    /// <exception cref="InvalidOperationException">The child has already exited and been reaped (asyncio's <c>ProcessLookupError</c>).</exception>
    public abstract void SendSignal(int signal);

    /// <summary>Sends SIGTERM (asyncio's <c>terminate</c>).</summary>
    public void Terminate() => SendSignal(Signals.Terminate);

    /// <summary>Sends SIGKILL (asyncio's <c>kill</c>).</summary>
    public void Kill() => SendSignal(Signals.Kill);
}
