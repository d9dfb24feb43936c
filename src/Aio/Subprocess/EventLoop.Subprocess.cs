namespace Aio;

public sealed partial class EventLoop
{
    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="args"/> (no shell) and binds it to a new
    /// protocol (asyncio's <c>subprocess_exec</c>). The program is searched on PATH.
    /// </summary>
    /// <returns>The transport and protocol, once the pipes are connected and <c>ConnectionMade</c> is queued.</returns>
    /// <remarks>Cancel safety: if cancelled while starting, the child is killed and reaped.</remarks>
    /// <exception cref="FileNotFoundException">The program does not exist.</exception>
    public async Coroutine<(SubprocessTransport Transport, TProtocol Protocol)> SubprocessExecAsync<TProtocol>(
        Func<TProtocol> protocolFactory, string program, IEnumerable<string>? args = null,
        Stdio stdin = Stdio.Pipe, Stdio stdout = Stdio.Pipe, Stdio stderr = Stdio.Pipe,
        IDictionary<string, string>? environment = null, string? workingDirectory = null)
        where TProtocol : SubprocessProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentException.ThrowIfNullOrEmpty(program);
        CheckClosed();
        TProtocol protocol = protocolFactory();
        List<string> argv = [program, .. args ?? []];
        PosixSubprocessTransport transport = await PosixSubprocessTransport.StartAsync(this, protocol, argv, stdin, stdout, stderr, environment, workingDirectory);
        return (transport, protocol);
    }

    /// <summary>Runs <paramref name="command"/> with <c>/bin/sh -c</c> (asyncio's <c>subprocess_shell</c>).</summary>
    /// <remarks>Cancel safety: if cancelled while starting, the child is killed and reaped.</remarks>
    public Coroutine<(SubprocessTransport Transport, TProtocol Protocol)> SubprocessShellAsync<TProtocol>(
        Func<TProtocol> protocolFactory, string command,
        Stdio stdin = Stdio.Pipe, Stdio stdout = Stdio.Pipe, Stdio stderr = Stdio.Pipe,
        IDictionary<string, string>? environment = null, string? workingDirectory = null)
        where TProtocol : SubprocessProtocol
    {
        ArgumentNullException.ThrowIfNull(command);
        return SubprocessExecAsync(protocolFactory, "/bin/sh", ["-c", command], stdin, stdout, stderr, environment, workingDirectory);
    }

    /// <summary>Wraps the read end of a pipe (or a FIFO, character device) in a transport (asyncio's <c>connect_read_pipe</c>).</summary>
    /// <remarks>The descriptor is made non-blocking and belongs to the transport from now on.</remarks>
    public async Coroutine<(Transport Transport, TProtocol Protocol)> ConnectReadPipeAsync<TProtocol>(Func<TProtocol> protocolFactory, int fd)
        where TProtocol : Protocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        TProtocol protocol = protocolFactory();
        var waiter = CreateFuture<bool>();
        var transport = new ReadPipeTransport(this, fd, protocol, waiter);
        await waiter;
        return (transport, protocol);
    }

    /// <summary>Wraps the write end of a pipe in a transport (asyncio's <c>connect_write_pipe</c>).</summary>
    /// <remarks>The descriptor is made non-blocking and belongs to the transport from now on.</remarks>
    public async Coroutine<(Transport Transport, TProtocol Protocol)> ConnectWritePipeAsync<TProtocol>(Func<TProtocol> protocolFactory, int fd)
        where TProtocol : BaseProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        TProtocol protocol = protocolFactory();
        var waiter = CreateFuture<bool>();
        var transport = new WritePipeTransport(this, fd, protocol, waiter);
        await waiter;
        return (transport, protocol);
    }
}
