using System.Net;

namespace Aio.Monitor.Tests;

/// <summary>The line console over a real TCP connection, against an application running on its own loop.</summary>
[Collection(nameof(MonitorCollection))]
public class ConsoleTests
{
    [Fact]
    public void Ps_ListsTheTasksByName()
    {
        using MonitoredApp app = MonitoredApp.Start(StartWorkers);
        using ConsoleClient console = app.Connect();
        Assert.Contains("Aio monitor for loop", console.ReadGreeting());

        string ps = console.Send("ps");
        Assert.Contains("worker-1", ps);
        Assert.Contains("worker-2", ps);
        Assert.Contains("deep", ps);
        Assert.Matches(@"\bID\s+STATE\s+NAME", ps);

        string filtered = console.Send("ps worker");
        Assert.Contains("worker-1", filtered);
        Assert.DoesNotContain("deep", filtered);
        Assert.Contains("2 tasks matching 'worker'", filtered);

        string sorted = console.Send("ps --sort name");
        Assert.True(sorted.IndexOf("deep", StringComparison.Ordinal) < sorted.IndexOf("worker-1", StringComparison.Ordinal));
    }

    [Fact]
    public void Where_ShowsTheSuspendedChain_WithTheUsersMethodsInOrder()
    {
        using MonitoredApp app = MonitoredApp.Start(StartWorkers);
        using ConsoleClient console = app.Connect();
        console.ReadGreeting();
        int id = IdOf(console.Send("ps deep"), "deep");

        string where = console.Send($"where {id}");
        int outer = where.IndexOf("0: ConsoleTests.Outer", StringComparison.Ordinal);
        int middle = where.IndexOf("1: ConsoleTests.Middle", StringComparison.Ordinal);
        int inner = where.IndexOf("2: ConsoleTests.Inner", StringComparison.Ordinal);
        Assert.True(outer >= 0 && middle > outer && inner > middle, where);
        Assert.Contains("Awaiting: sleep until", where);
        Assert.Contains("created at: ConsoleTests.StartWorkers()", where);
    }

    [Fact]
    public void Cancel_CancelsTheTask_WhichSeesCancelledError()
    {
        var sawCancel = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using MonitoredApp app = MonitoredApp.Start(() =>
        {
            Asyncio.CreateTask(Catcher(sawCancel), name: "catcher");
            return Asyncio.Sleep(0).AsCoroutine();
        });
        using ConsoleClient console = app.Connect();
        console.ReadGreeting();
        int id = IdOf(console.Send("ps catcher"), "catcher");

        Assert.Contains($"cancelled task {id} 'catcher'", console.Send($"cancel {id}"));
        Assert.True(sawCancel.Task.Wait(TimeSpan.FromSeconds(30)));
        Assert.Equal("cancelled from the monitor", sawCancel.Task.Result);

        string ended = console.Send("ps-terminated");
        Assert.Matches($@"\b{id}\s+catcher\s+cancelled", ended);
        Assert.Contains("Cancelled by: (no task: a loop callback)", console.Send($"where-terminated {id}"));
    }

    [Fact]
    public void WhereTerminated_NamesTheCancellingTaskAndWhere()
    {
        using MonitoredApp app = MonitoredApp.Start(() =>
        {
            AioTask victim = Asyncio.CreateTask(Outer(), name: "victim");
            Asyncio.CreateTask(Reaper(victim), name: "reaper");
            return Asyncio.Sleep(0.2).AsCoroutine();
        });
        using ConsoleClient console = app.Connect();
        console.ReadGreeting();
        int id = IdOf(console.Send("pst"), "victim");

        string story = console.Send($"where-terminated {id}");
        Assert.Contains($"Task {id} 'victim' cancelled", story);
        Assert.Matches(@"Cancelled by: reaper \(Task-\d+\)", story);
        Assert.Contains("at: ConsoleTests.Reaper()", story);
        Assert.Contains("0: ConsoleTests.Outer", story);
        Assert.Contains("2: ConsoleTests.Inner", story);
    }

    [Fact]
    public void TheConsole_AnswersWhileTheLoopIsBlocked_AndReportsTheBlock()
    {
        using MonitoredApp app = MonitoredApp.Start(StartWorkers);
        using ConsoleClient console = app.Connect();
        console.ReadGreeting();
        var unblocked = new ManualResetEventSlim();
        app.OnLoop(() =>
        {
            Thread.Sleep(2000); // A synchronous call that blocks the loop.
            unblocked.Set();
        });
        Thread.Sleep(600);

        string ps = console.Send("ps");
        bool answeredDuringBlock = !unblocked.IsSet;
        string loop = console.Send("loop");
        string stack = console.Send("st");
        bool stillBlocked = !unblocked.IsSet;

        Assert.True(answeredDuringBlock, "ps should answer before the 2 s block ends");
        Assert.Contains("! loop BLOCKED for", ps);
        Assert.Contains("worker-1", ps);
        if (stillBlocked)
        {
            Assert.Contains("BLOCKED for", loop);
            Assert.Contains("plain callback", stack);
        }

        unblocked.Wait(TimeSpan.FromSeconds(30));
        Thread.Sleep(300);
        Assert.DoesNotContain("BLOCKED", console.Send("ps"));
    }

    [Fact]
    public void Top_ListsTasksByBusyTime_AndFlagsAStepThatBlockedTheLoop()
    {
        using MonitoredApp app = MonitoredApp.Start(() =>
        {
            Asyncio.CreateTask(Hog(), name: "hog");
            Asyncio.CreateTask(Inner(), name: "idle");
            return Asyncio.Sleep(0.5).AsCoroutine();
        });
        using ConsoleClient console = app.Connect();
        console.ReadGreeting();

        string top = console.Send("top");
        Assert.Matches(@"hog\s+[\d.]+ ms", top);
        Assert.Contains("blocked the loop", top);
        Assert.True(top.IndexOf("hog", StringComparison.Ordinal) < top.IndexOf("idle", StringComparison.Ordinal), top);
    }

    [Fact]
    public void Signal_SendsTheSignalToTheProcess()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using MonitoredApp app = MonitoredApp.Start(() =>
        {
            // SIGWINCH: harmless by default, so the test host survives even if the handler were missing.
            Asyncio.GetRunningLoop().AddSignalHandler(28, () => received.TrySetResult());
            return Asyncio.Sleep(0).AsCoroutine();
        });
        using ConsoleClient console = app.Connect();
        console.ReadGreeting();

        Assert.Contains("sent SIGWINCH", console.Send("signal WINCH"));
        Assert.True(received.Task.Wait(TimeSpan.FromSeconds(30)));
        Assert.Contains("error: unknown signal 'SIGNOPE'", console.Send("signal SIGNOPE"));
    }

    [Fact]
    public void BadInput_GetsAClearMessage_AndTheConsoleGoesOn()
    {
        using MonitoredApp app = MonitoredApp.Start(StartWorkers);
        using ConsoleClient console = app.Connect();
        console.ReadGreeting();

        Assert.Contains("error: unknown command 'frobnicate'; type help", console.Send("frobnicate"));
        Assert.Contains("error: 'abc' is not a task id", console.Send("where abc"));
        Assert.Contains("error: no live task with id 999999", console.Send("where 999999"));
        Assert.Contains("error: usage: cancel ID", console.Send("cancel"));
        Assert.Contains("error: unknown sort key 'size'", console.Send("ps --sort size"));
        Assert.Contains("where-terminated ID", console.Send("help"));
        Assert.Contains("worker-1", console.Send("ps"));
        console.Write("exit");
        Assert.Contains("bye", console.ReadUntil("\u0000"));
    }

    [Fact]
    public void SeveralClients_AreServedAtOnce()
    {
        using MonitoredApp app = MonitoredApp.Start(StartWorkers);
        using ConsoleClient first = app.Connect();
        using ConsoleClient second = app.Connect();
        first.ReadGreeting();
        second.ReadGreeting();

        Assert.Contains("worker-2", second.Send("ps"));
        Assert.Contains("worker-1", first.Send("ps"));
    }

    [Fact]
    public void ATokenIsRequired_WhenConfigured()
    {
        using MonitoredApp app = MonitoredApp.Start(StartWorkers, new AioMonitorOptions { ConsolePort = 0, Token = "s3cret" });
        using (ConsoleClient wrong = app.Connect())
        {
            wrong.Write("token guess");
            Assert.Contains("error: bad token", wrong.ReadUntil("\u0000"));
        }

        using ConsoleClient right = app.Connect();
        right.Write("token s3cret");
        Assert.Contains("Aio monitor for loop", right.ReadGreeting());
        Assert.Contains("worker-1", right.Send("ps"));
    }

    [Fact]
    public void ListeningBeyondLoopback_NeedsAnExplicitOptionAndAToken()
    {
        using var loop = new EventLoop();
        var open = new AioMonitorOptions { Host = IPAddress.Any, ConsolePort = 0 };
        Assert.Contains("AllowNonLoopback", Assert.Throws<ArgumentException>(() => AioMonitor.Start(loop, open)).Message);
        open.AllowNonLoopback = true;
        Assert.Contains("Token", Assert.Throws<ArgumentException>(() => AioMonitor.Start(loop, open)).Message);
    }

    internal static int IdOf(string listing, string name)
    {
        foreach (string line in listing.Split('\n'))
        {
            string[] cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length > 2 && cells.Contains(name) && int.TryParse(cells[0], out int id))
            {
                return id;
            }
        }

        throw new InvalidOperationException($"no task '{name}' in:\n{listing}");
    }

    /// <summary>The monitored tasks the console and web tests share: worker-1, worker-2 on a queue, and deep in Outer -> Middle -> Inner.</summary>
    internal static Coroutine StartWorkers()
    {
        var queue = new AioQueue<int>();
        Asyncio.CreateTask(Worker(queue), name: "worker-1");
        Asyncio.CreateTask(Worker(queue), name: "worker-2");
        Asyncio.CreateTask(Outer(), name: "deep");
        return Asyncio.Sleep(0.05).AsCoroutine();
    }

    private static async Coroutine Worker(AioQueue<int> queue)
    {
        while (true)
        {
            await queue.GetAsync();
        }
    }

    private static async Coroutine Outer() => await Middle();

    private static async Coroutine Middle() => await Inner();

    private static async Coroutine Inner() => await Asyncio.Sleep(3600);

    /// <summary>Sleeps until cancelled and reports the cancellation message it saw.</summary>
    internal static async Coroutine Catcher(TaskCompletionSource<string?> sawCancel)
    {
        try
        {
            await Asyncio.Sleep(3600);
        }
        catch (CancelledError e)
        {
            sawCancel.TrySetResult(e.CancelMessage);
            throw;
        }
    }

    private static async Coroutine Reaper(AioTask victim)
    {
        await Asyncio.Sleep(0.01);
        victim.Cancel();
    }

    private static async Coroutine Hog()
    {
        await Asyncio.Sleep(0);
        Thread.Sleep(150);
        await Asyncio.Sleep(3600);
    }
}

/// <summary>Monitor tests start real loops and servers; they run one at a time to keep the 2-core machine responsive.</summary>
[CollectionDefinition(nameof(MonitorCollection), DisableParallelization = true)]
public sealed class MonitorCollection;
