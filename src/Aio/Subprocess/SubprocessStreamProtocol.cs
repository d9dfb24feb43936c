namespace Aio;

/// <summary>
/// Connects a child's pipes to stream readers and a writer (asyncio's <c>SubprocessStreamProtocol</c>):
/// stdout and stderr feed <see cref="AioStreamReader"/>s, stdin is an <see cref="AioStreamWriter"/>
/// whose <c>DrainAsync</c> honours the pipe's flow control.
/// </summary>
internal sealed class SubprocessStreamProtocol : SubprocessProtocol
{
    private readonly EventLoop _loop;
    private readonly int _limit;
    private readonly List<int> _pipeFds = [];
    private readonly StreamReaderProtocol _stdinFlow;
    private SubprocessTransport? _transport;
    private bool _processExited;

    public SubprocessStreamProtocol(int limit, EventLoop loop)
    {
        _limit = limit;
        _loop = loop;
        _stdinFlow = new StreamReaderProtocol(null, loop);
    }

    public AioStreamWriter? Stdin { get; private set; }

    public AioStreamReader? Stdout { get; private set; }

    public AioStreamReader? Stderr { get; private set; }

    public override void ConnectionMade(SubprocessTransport transport)
    {
        _transport = transport;
        if (transport.GetPipeTransport(1) is { } stdout)
        {
            Stdout = new AioStreamReader(_limit, _loop);
            Stdout.SetTransport(stdout);
            _pipeFds.Add(1);
        }

        if (transport.GetPipeTransport(2) is { } stderr)
        {
            Stderr = new AioStreamReader(_limit, _loop);
            Stderr.SetTransport(stderr);
            _pipeFds.Add(2);
        }

        if (transport.GetPipeTransport(0) is { } stdin)
        {
            Stdin = new AioStreamWriter(stdin, _stdinFlow, null);
        }
    }

    public override void PipeDataReceived(int fd, ReadOnlySpan<byte> data) => (fd == 1 ? Stdout : fd == 2 ? Stderr : null)?.FeedData(data);

    public override void PipeConnectionLost(int fd, Exception? exception)
    {
        if (fd == 0)
        {
            Stdin?.Close();
            _stdinFlow.ConnectionLost(exception);
            return;
        }

        AioStreamReader? reader = fd == 1 ? Stdout : fd == 2 ? Stderr : null;
        if (reader is not null)
        {
            if (exception is null)
            {
                reader.FeedEof();
            }
            else
            {
                reader.SetException(exception);
            }
        }

        _pipeFds.Remove(fd);
        MaybeCloseTransport();
    }

    public override void PauseWriting() => _stdinFlow.PauseWriting();

    public override void ResumeWriting() => _stdinFlow.ResumeWriting();

    public override void ProcessExited()
    {
        _processExited = true;
        MaybeCloseTransport();
    }

    private void MaybeCloseTransport()
    {
        if (_pipeFds.Count == 0 && _processExited)
        {
            _transport?.Close();
            _transport = null;
        }
    }
}
