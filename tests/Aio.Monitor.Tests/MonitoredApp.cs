using System.Net.Sockets;
using System.Text;

namespace Aio.Monitor.Tests;

/// <summary>
/// A small application on a real loop of its own thread, with the monitor on (console on a free
/// loopback port), as a user would run it: tasks are created after the monitor starts, so they are tracked.
/// </summary>
internal sealed class MonitoredApp : IDisposable
{
    private readonly Thread _thread;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<Coroutine> _body;
    private AioEvent? _stop;
    private Exception? _failure;

    private MonitoredApp(Func<Coroutine> body, AioMonitorOptions options)
    {
        _body = body;
        Options = options;
        _thread = new Thread(Run) { IsBackground = true, Name = "monitored app" };
    }

    public AioMonitorOptions Options { get; }

    public EventLoop Loop { get; private set; } = null!;

    public AioMonitor Monitor { get; private set; } = null!;

    public static MonitoredApp Start(Func<Coroutine> body, AioMonitorOptions? options = null)
    {
        var app = new MonitoredApp(body, options ?? new AioMonitorOptions { ConsolePort = 0 });
        app._thread.Start();
        if (!app._ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("the monitored app did not start");
        }

        return app;
    }

    /// <summary>Runs <paramref name="action"/> on the app's loop.</summary>
    public void OnLoop(Action action) => Loop.CallSoonThreadsafe(action);

    public ConsoleClient Connect() => new(Monitor.ConsoleEndPoint.Port);

    public void Dispose()
    {
        Loop.CallSoonThreadsafe(() => _stop!.Set());
        _thread.Join(TimeSpan.FromSeconds(30));
        if (_failure is not null)
        {
            throw new InvalidOperationException("the monitored app failed", _failure);
        }
    }

    private void Run()
    {
        try
        {
            Asyncio.Run(MainAsync);
        }
        catch (Exception e)
        {
            _failure = e;
            _ready.TrySetException(e);
        }
    }

    private async Task MainAsync()
    {
        Loop = Asyncio.GetRunningLoop();
        _stop = new AioEvent();
        await using AioMonitor monitor = AioMonitor.Start(Loop, Options);
        Monitor = monitor;
        await _body();
        _ready.TrySetResult();
        await _stop.WaitAsync();
    }
}

/// <summary>A console client over a real TCP connection: sends a line, reads up to the next prompt.</summary>
internal sealed class ConsoleClient : IDisposable
{
    private const string Prompt = "monitor >>> ";
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StringBuilder _pending = new();

    public ConsoleClient(int port)
    {
        _client = new TcpClient();
        _client.Connect(System.Net.IPAddress.Loopback, port);
        _stream = _client.GetStream();
        _stream.ReadTimeout = 30_000;
    }

    /// <summary>Reads the greeting, up to the first prompt.</summary>
    public string ReadGreeting() => ReadUntil(Prompt);

    /// <summary>Sends one command and returns its output (without the prompt).</summary>
    public string Send(string command)
    {
        Write(command);
        return ReadUntil(Prompt);
    }

    public void Write(string line) => _stream.Write(Encoding.UTF8.GetBytes(line + "\n"));

    public string ReadUntil(string marker)
    {
        var buffer = new byte[4096];
        while (true)
        {
            string text = _pending.ToString();
            int at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                _pending.Remove(0, at + marker.Length);
                return text[..at].Replace("\r\n", "\n", StringComparison.Ordinal);
            }

            int n = _stream.Read(buffer);
            if (n == 0)
            {
                _pending.Clear();
                return text.Replace("\r\n", "\n", StringComparison.Ordinal);
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    public void Dispose() => _client.Dispose();
}
