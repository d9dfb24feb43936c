using Aio.Native;

namespace Aio;

internal sealed partial class PosixSubprocessTransport
{
    /// <summary>
    /// Spawns <paramref name="argv"/>, connects its pipes and, once they are connected, calls the
    /// protocol's <c>ConnectionMade</c> (asyncio's <c>_make_subprocess_transport</c> and <c>_connect_pipes</c>).
    /// </summary>
    public static async Coroutine<PosixSubprocessTransport> StartAsync(
        EventLoop loop, SubprocessProtocol protocol, IReadOnlyList<string> argv,
        Stdio stdin, Stdio stdout, Stdio stderr, IDictionary<string, string>? environment, string? cwd)
    {
        if (stdin == Stdio.Stdout || stdout == Stdio.Stdout)
        {
            throw new ArgumentException("Stdio.Stdout is only for standard error.");
        }

        var parentEnds = new int[] { -1, -1, -1 };
        var childEnds = new List<int>();
        var stdio = new ChildStdio[3];
        int pid;
        try
        {
            Stdio[] modes = [stdin, stdout, stderr];
            for (int fd = 0; fd < 3; fd++)
            {
                stdio[fd] = modes[fd] switch
                {
                    Stdio.Pipe => PipeFor(fd, parentEnds, childEnds),
                    Stdio.DevNull => new ChildStdio(fd, -1, DevNull: true),
                    Stdio.Stdout => new ChildStdio(2, 1, DevNull: false),
                    _ => ChildStdio.Inherit(fd),
                };
            }

            IEnumerable<KeyValuePair<string, string>> env = environment ??
                Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                    .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? string.Empty));
            pid = Spawn.Start(argv[0], argv, env, cwd, stdio);
        }
        catch
        {
            foreach (int fd in parentEnds.Where(fd => fd >= 0))
            {
                Libc.close(fd);
            }

            throw;
        }
        finally
        {
            childEnds.ForEach(fd => Libc.close(fd));
        }

        var transport = new PosixSubprocessTransport(loop, protocol, pid);
        for (int fd = 0; fd < 3; fd++)
        {
            transport._piped[fd] = parentEnds[fd] >= 0;
        }

        ChildWatcher.Watch(loop, pid, transport.OnProcessExited);
        try
        {
            await transport.ConnectPipesAsync(parentEnds);
        }
        catch
        {
            // Pipe ends not yet handed to a pipe transport belong to nobody else: close them here.
            for (int fd = 0; fd < 3; fd++)
            {
                if (parentEnds[fd] >= 0 && transport._pipes[fd] is null)
                {
                    Libc.close(parentEnds[fd]);
                }
            }

            transport.Close();
            await transport.WaitAsync();
            throw;
        }

        return transport;
    }

    private static ChildStdio PipeFor(int fd, int[] parentEnds, List<int> childEnds)
    {
        (int read, int write) = Spawn.Pipe();
        if (fd == 0)
        {
            parentEnds[0] = write;
            childEnds.Add(read);
            return new ChildStdio(0, read, DevNull: false);
        }

        parentEnds[fd] = read;
        childEnds.Add(write);
        return new ChildStdio(fd, write, DevNull: false);
    }

    private async Coroutine ConnectPipesAsync(int[] parentEnds)
    {
        for (int fd = 0; fd < 3; fd++)
        {
            if (parentEnds[fd] < 0)
            {
                continue;
            }

            var end = new PipeEnd(this, fd);
            var waiter = _loop.CreateFuture<bool>();
            end.Pipe = fd == 0
                ? new WritePipeTransport(_loop, parentEnds[fd], end, waiter)
                : new ReadPipeTransport(_loop, parentEnds[fd], end, waiter);
            _pipes[fd] = end;
            await waiter;
        }

        _loop.Enqueue((Action)(() => _protocol.ConnectionMade(this)), null, null);
        List<Action> pending = _pendingCalls!;
        _pendingCalls = null;
        foreach (Action call in pending)
        {
            _loop.Enqueue(call, null, null);
        }

        // As asyncio's waiter: the caller resumes after ConnectionMade (and what was pending) has run.
        var connected = _loop.CreateFuture<bool>();
        _loop.Enqueue((Action)(() => connected.TrySetResult(true)), null, null);
        await connected;
    }

    /// <summary>The protocol of one pipe, forwarding to the subprocess transport (asyncio's <c>ReadSubprocessPipeProto</c>).</summary>
    private sealed class PipeEnd(PosixSubprocessTransport owner, int fd) : Protocol
    {
        public Transport? Pipe { get; set; }

        public bool Disconnected { get; private set; }

        public override void DataReceived(ReadOnlySpan<byte> data) => owner.OnPipeDataReceived(fd, data);

        public override void ConnectionLost(Exception? exception)
        {
            Disconnected = true;
            owner.OnPipeConnectionLost(fd, exception);
        }

        public override void PauseWriting() => owner._protocol.PauseWriting();

        public override void ResumeWriting() => owner._protocol.ResumeWriting();
    }
}
