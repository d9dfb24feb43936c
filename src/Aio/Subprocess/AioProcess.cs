using System.Diagnostics;
using System.Net.Sockets;

namespace Aio;

/// <summary>
/// A child process started by <see cref="Asyncio.CreateSubprocessExec"/> or
/// <see cref="Asyncio.CreateSubprocessShell"/> (asyncio's <c>asyncio.subprocess.Process</c>).
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AioProcess
{
    private readonly PosixSubprocessTransport _transport;
    private readonly SubprocessStreamProtocol _protocol;

    internal AioProcess(PosixSubprocessTransport transport, SubprocessStreamProtocol protocol)
    {
        _transport = transport;
        _protocol = protocol;
    }

    /// <summary>The child's stdin, if it was <see cref="Stdio.Pipe"/>.</summary>
    public AioStreamWriter? Stdin => _protocol.Stdin;

    /// <summary>The child's stdout, if it was <see cref="Stdio.Pipe"/>.</summary>
    public AioStreamReader? Stdout => _protocol.Stdout;

    /// <summary>The child's stderr, if it was <see cref="Stdio.Pipe"/>.</summary>
    public AioStreamReader? Stderr => _protocol.Stderr;

    /// <summary>The process id (asyncio's <c>pid</c>).</summary>
    public int Pid => _transport.Pid;

    /// <summary>Null while the child runs; then its exit code, or minus the signal that ended it (asyncio's <c>returncode</c>).</summary>
    public int? ReturnCode => _transport.ReturnCode;

    /// <summary>Describes the process as asyncio's repr does.</summary>
    public override string ToString() => $"<AioProcess {Pid}>";

    /// <summary>
    /// Waits for the child to exit and returns its return code (asyncio's <c>wait</c>). With pipes, read
    /// them first (or use <see cref="CommunicateAsync"/>): a child blocked on a full pipe never exits.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled while waiting, the child keeps running.</remarks>
    public Coroutine<int> WaitAsync() => _transport.WaitAsync();

    /// <summary>
    /// Sends <paramref name="input"/> to stdin and closes it (also without input, as Python 3.12 does),
    /// reads stdout and stderr to the end, and waits for the child to exit (asyncio's <c>communicate</c>).
    /// A stream that is not a pipe gives null.
    /// </summary>
    /// <remarks>Cancel safety: if cancelled, the output read so far is lost; the child keeps running.</remarks>
    public async Coroutine<(byte[]? Stdout, byte[]? Stderr)> CommunicateAsync(byte[]? input = null)
    {
        // Python 3.12 (gh-83925): a piped stdin is closed even without input, so a child that reads to
        // the end of its input (cat, sort) can finish.
        Coroutine feed = input is not null || Stdin is not null ? FeedStdinAsync(input) : Asyncio.Sleep(0).AsCoroutine();
        Coroutine<byte[]?> stdout = ReadStreamAsync(1);
        Coroutine<byte[]?> stderr = ReadStreamAsync(2);
        AioTask<byte[]?> stdoutTask = Asyncio.CreateTask(stdout);
        AioTask<byte[]?> stderrTask = Asyncio.CreateTask(stderr);
        await Asyncio.Gather(Asyncio.CreateTask(feed), stdoutTask, stderrTask);
        await WaitAsync();
        return (stdoutTask.Result, stderrTask.Result);
    }

    /// <summary>Sends <paramref name="signal"/> to the child (asyncio's <c>send_signal</c>).</summary>
    /// <exception cref="InvalidOperationException">The child has exited (asyncio's <c>ProcessLookupError</c>).</exception>
    public void SendSignal(int signal) => _transport.SendSignal(signal);

    /// <summary>Sends SIGTERM (asyncio's <c>terminate</c>).</summary>
    public void Terminate() => _transport.Terminate();

    /// <summary>Sends SIGKILL (asyncio's <c>kill</c>).</summary>
    public void Kill() => _transport.Kill();

    private async Coroutine FeedStdinAsync(byte[]? input)
    {
        AioStreamWriter stdin = Stdin ?? throw new InvalidOperationException("CommunicateAsync(input) needs the process started with stdin: Stdio.Pipe");
        try
        {
            if (input is not null)
            {
                stdin.Write(input);
            }

            await stdin.DrainAsync();
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The child does not read all of its input (asyncio ignores BrokenPipeError and ConnectionResetError).
        }

        stdin.Close();
    }

    private async Coroutine<byte[]?> ReadStreamAsync(int fd)
    {
        AioStreamReader? stream = fd == 2 ? Stderr : Stdout;
        if (stream is null)
        {
            return null;
        }

        byte[] output = await stream.ReadAsync();
        _transport.GetPipeTransport(fd)?.Close();
        return output;
    }
}
