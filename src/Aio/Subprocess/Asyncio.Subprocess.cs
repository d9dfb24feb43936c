namespace Aio;

public static partial class Asyncio
{
    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="args"/>, without a shell (asyncio's
    /// <c>create_subprocess_exec</c>). Streams are inherited unless redirected.
    /// </summary>
    /// <param name="program">The program; searched on PATH.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="stdin">Where stdin comes from; <see cref="Stdio.Pipe"/> makes <see cref="AioProcess.Stdin"/>.</param>
    /// <param name="stdout">Where stdout goes; <see cref="Stdio.Pipe"/> makes <see cref="AioProcess.Stdout"/>.</param>
    /// <param name="stderr">Where stderr goes; <see cref="Stdio.Stdout"/> merges it into stdout.</param>
    /// <param name="limit">The limit of the stream readers.</param>
    /// <param name="environment">The child's environment; by default the parent's.</param>
    /// <param name="workingDirectory">The child's working directory; by default the parent's.</param>
    /// <remarks>Cancel safety: if cancelled while starting, the child is killed and reaped.</remarks>
    /// <exception cref="FileNotFoundException">The program does not exist.</exception>
    public static async Coroutine<AioProcess> CreateSubprocessExec(
        string program, IEnumerable<string>? args = null,
        Stdio stdin = Stdio.Inherit, Stdio stdout = Stdio.Inherit, Stdio stderr = Stdio.Inherit,
        int limit = AioStreamReader.DefaultLimit, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        // Before anything is spawned: asyncio only finds out in connection_made, with the child running.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        EventLoop loop = GetRunningLoop();
        var protocol = new SubprocessStreamProtocol(limit, loop);
        (SubprocessTransport transport, _) = await loop.SubprocessExecAsync(() => protocol, program, args, stdin, stdout, stderr, environment, workingDirectory);
        return new AioProcess((PosixSubprocessTransport)transport, protocol);
    }

    /// <summary>Runs <paramref name="command"/> with <c>/bin/sh -c</c> (asyncio's <c>create_subprocess_shell</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while starting, the child is killed and reaped.</remarks>
    public static Coroutine<AioProcess> CreateSubprocessShell(
        string command, Stdio stdin = Stdio.Inherit, Stdio stdout = Stdio.Inherit, Stdio stderr = Stdio.Inherit,
        int limit = AioStreamReader.DefaultLimit, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CreateSubprocessExec("/bin/sh", ["-c", command], stdin, stdout, stderr, limit, environment, workingDirectory);
    }
}
