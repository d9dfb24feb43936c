using Aio.Native;

namespace Aio;

/// <summary>
/// A child started with <c>posix_spawnp</c>, its pipes as pipe transports, and its exit from the
/// <see cref="ChildWatcher"/> (asyncio's <c>BaseSubprocessTransport</c> with <c>_UnixSubprocessTransport</c>).
/// Calls to the protocol are queued until the pipes are connected, as asyncio's <c>_pending_calls</c>.
/// </summary>
internal sealed partial class PosixSubprocessTransport : SubprocessTransport
{
    private readonly EventLoop _loop;
    private readonly SubprocessProtocol _protocol;
    private static readonly string[] s_names = ["stdin", "stdout", "stderr"];
    private readonly PipeEnd?[] _pipes = new PipeEnd?[3];
    private readonly bool[] _piped = new bool[3];
    private List<Action>? _pendingCalls = [];
    private List<Future<int>>? _exitWaiters = [];
    private int? _returnCode;
    private bool _closed;
    private bool _finished;

    private PosixSubprocessTransport(EventLoop loop, SubprocessProtocol protocol, int pid)
    {
        _loop = loop;
        _protocol = protocol;
        Pid = pid;
    }

    public override int Pid { get; }

    public override int? ReturnCode => _returnCode;

    public override bool IsClosing => _closed;

    public override string ToString() =>
        $"<PosixSubprocessTransport pid={Pid} {(_returnCode is int code ? $"returncode={code}" : "running")}{string.Concat(_pipes.Select((p, fd) => p is null ? string.Empty : $" {s_names[fd]}={p.Pipe}"))}>";

    public override Transport? GetPipeTransport(int fd) => (uint)fd < 3 ? _pipes[fd]?.Pipe : null;

    public override BaseProtocol GetProtocol() => _protocol;

    public override void SetProtocol(BaseProtocol protocol) =>
        throw new NotSupportedException("A subprocess transport keeps the protocol it was made with.");

    public override void SendSignal(int signal)
    {
        if (_returnCode is not null)
        {
            throw new InvalidOperationException($"Process {Pid} has exited (ProcessLookupError)");
        }

        if (Libc.kill(Pid, signal) != 0)
        {
            throw new InvalidOperationException($"Cannot signal process {Pid}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(Errno.Last)}");
        }
    }

    /// <summary>Closes the pipes, and kills the child if it still runs (asyncio's <c>close</c>).</summary>
    public override void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        foreach (PipeEnd? pipe in _pipes)
        {
            pipe?.Pipe?.Close();
        }

        if (_returnCode is null)
        {
            _ = Libc.kill(Pid, Signals.Kill);
        }
    }

    /// <summary>Waits for the child to exit and returns its return code (asyncio's <c>_wait</c>, with 3.12's wake-up on exit).</summary>
    public async Coroutine<int> WaitAsync()
    {
        if (_returnCode is int code)
        {
            return code;
        }

        var waiter = _loop.CreateFuture<int>();
        _exitWaiters!.Add(waiter);
        return await waiter;
    }

    /// <summary>Runs a protocol call now if the pipes are connected, else once they are (asyncio's <c>_call</c>).</summary>
    private void Call(Action call)
    {
        if (_pendingCalls is not null)
        {
            _pendingCalls.Add(call);
        }
        else
        {
            _loop.Enqueue(call, null, null);
        }
    }

    private void OnProcessExited(int returnCode)
    {
        _returnCode = returnCode;
        Call(_protocol.ProcessExited);
        List<Future<int>>? waiters = _exitWaiters;
        _exitWaiters = null;
        foreach (Future<int> waiter in waiters ?? [])
        {
            waiter.TrySetResult(returnCode);
        }

        TryFinish();
    }

    private void OnPipeDataReceived(int fd, ReadOnlySpan<byte> data)
    {
        byte[] copy = data.ToArray();
        Call(() => _protocol.PipeDataReceived(fd, copy));
    }

    private void OnPipeConnectionLost(int fd, Exception? error)
    {
        Call(() => _protocol.PipeConnectionLost(fd, error));
        TryFinish();
    }

    private void TryFinish()
    {
        if (_finished || _returnCode is null || Enumerable.Range(0, 3).Any(fd => _piped[fd] && _pipes[fd] is not { Disconnected: true }))
        {
            return;
        }

        _finished = true;
        Call(() => _protocol.ConnectionLost(null));
    }
}
