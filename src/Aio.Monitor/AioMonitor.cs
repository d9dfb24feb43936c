using System.Net;
using System.Net.Sockets;
using Aio.Http.Server;
using Aio.Monitor.Console;
using Aio.Monitor.Web;

namespace Aio.Monitor;

/// <summary>
/// aiomonitor for Aio: a live view of a running loop's tasks, served from a thread and loop of its
/// own, so that it answers while the application's loop is blocked (and says since when). Start it
/// with <see cref="Start"/> and stop it with <c>await using</c> or <see cref="Dispose"/>.
/// </summary>
/// <example>
/// <code>
/// await using AioMonitor monitor = AioMonitor.Start(Asyncio.GetRunningLoop(), new AioMonitorOptions { ConsolePort = 0 });
/// Console.WriteLine($"nc {monitor.ConsoleEndPoint.Address} {monitor.ConsoleEndPoint.Port}");
/// </code>
/// </example>
/// <remarks>
/// Design note (docs/packages/aio-monitor.md). The monitor never touches the application's tasks
/// from its own thread while that loop runs: it posts each question to the loop and waits a
/// moment (<see cref="LoopProbe"/>). Only if the loop does not answer, because it is blocked, does it
/// read the tasks directly, and it says so in the answer.
/// </remarks>
public sealed class AioMonitor : IAsyncDisposable, IDisposable
{
    private readonly Thread _thread;
    private readonly EventLoop _monitorLoop;
    private readonly TaskCompletionSource<(IPEndPoint Console, IPEndPoint? Web)> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _trackingBefore;
    private AioTask? _main;
    private int _disposed;

    private AioMonitor(EventLoop loop, AioMonitorOptions options)
    {
        Loop = loop;
        Options = options;
        Probe = new LoopProbe(loop, options.BlockedAfter);
        Utilisation = new UtilisationSampler(Probe);
        _trackingBefore = loop.TaskTracking;
        if (options.TrackTasks)
        {
            loop.TaskTracking = true;
        }

        _monitorLoop = new EventLoop();
        _thread = new Thread(RunMonitorLoop) { IsBackground = true, Name = $"Aio.Monitor (loop #{loop.Id})" };
    }

    /// <summary>The application's loop being monitored.</summary>
    public EventLoop Loop { get; }

    /// <summary>The options the monitor was started with.</summary>
    public AioMonitorOptions Options { get; }

    /// <summary>Where the console listens (with the port actually bound when 0 was asked for).</summary>
    public IPEndPoint ConsoleEndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>Where the web page and JSON API listen, or null when <see cref="AioMonitorOptions.WebPort"/> was not set.</summary>
    public IPEndPoint? WebEndPoint { get; private set; }

    internal LoopProbe Probe { get; }

    internal UtilisationSampler Utilisation { get; }

    /// <summary>
    /// Starts monitoring <paramref name="loop"/>: turns on task tracking, starts the monitor's thread and
    /// returns once its console (and web page, if asked for) listens.
    /// </summary>
    /// <param name="loop">The application's loop.</param>
    /// <param name="options">Where to listen; loopback on port 20101 by default.</param>
    /// <exception cref="ArgumentException">The options ask for a non-loopback address without <see cref="AioMonitorOptions.AllowNonLoopback"/> and a token.</exception>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    public static AioMonitor Start(EventLoop loop, AioMonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loop);
        options ??= new AioMonitorOptions();
        options.Validate();
        var monitor = new AioMonitor(loop, options);
        monitor._thread.Start();
        try
        {
            (monitor.ConsoleEndPoint, monitor.WebEndPoint) = monitor._listening.Task.GetAwaiter().GetResult();
        }
        catch
        {
            monitor.Dispose();
            throw;
        }

        return monitor;
    }

    /// <summary>Stops the console, closes its connections and ends the monitor's thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _monitorLoop.CallSoonThreadsafe(() => _main?.Cancel());
        }
        catch (InvalidOperationException)
        {
            // The monitor's loop already closed (it failed to start).
        }

        if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        if (Options.TrackTasks && !_trackingBefore)
        {
            try
            {
                Loop.CallSoonThreadsafe(() => Loop.TaskTracking = false);
            }
            catch (InvalidOperationException)
            {
                Loop.TaskTracking = false; // The loop is closed: nothing else touches it.
            }
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void RunMonitorLoop()
    {
        try
        {
            _main = _monitorLoop.CreateTask(ServeAsync(), name: "aio-monitor");
            _monitorLoop.RunUntilComplete((Future)_main);
        }
        catch (Exception e) when (e is CancelledError or OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _listening.TrySetException(e);
        }
        finally
        {
            _listening.TrySetException(new InvalidOperationException("The monitor stopped before it listened."));
            _monitorLoop.Close();
            _stopped.TrySetResult();
        }
    }

    private async Coroutine ServeAsync()
    {
        var console = new ConsoleServer(this);
        AioServer server = await Asyncio.StartServer(console.ServeClientAsync, Options.Host.ToString(), Options.ConsolePort);
        AppRunner? web = null;
        try
        {
            IPEndPoint? webEndPoint = null;
            if (Options.WebPort is int webPort)
            {
                web = new AppRunner(new WebApi(this).Build(), new HttpServerOptions { ShutdownTimeout = TimeSpan.FromSeconds(1) });
                await web.SetupAsync();
                var site = new TcpSite(web, Options.Host.ToString(), webPort);
                await site.StartAsync();
                webEndPoint = (IPEndPoint)site.Server!.Sockets[0].LocalEndPoint!;
            }

            _listening.TrySetResult(((IPEndPoint)server.Sockets[0].LocalEndPoint!, webEndPoint));
            for (long beat = 0; ; beat++)
            {
                Probe.Ping();
                if (beat % 5 == 0)
                {
                    Utilisation.Sample();
                }

                await Asyncio.Sleep(0.1);
            }
        }
        finally
        {
            server.Close();
            console.CloseAll();
            if (web is not null)
            {
                await web.CleanupAsync();
            }
        }
    }
}
