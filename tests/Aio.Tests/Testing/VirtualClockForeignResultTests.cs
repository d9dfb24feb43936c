using System.Net;
using System.Net.Sockets;

namespace Aio.Tests.Testing;

/// <summary>
/// Cases where virtual time overtook a result that was about to arrive from another thread, found by a
/// review of the loop and the virtual clock; each failed before the fix.
/// </summary>
public class VirtualClockForeignResultTests
{
    [Fact]
    public void WrapFuture_OfARunningDotNetTask_IsNotOvertakenByATimeout()
    {
        int result = VirtualTime.Run(async () =>
        {
            Task<int> work = Task.Run(() =>
            {
                Thread.Sleep(50);
                return 42;
            });
            return await Asyncio.WaitFor(Asyncio.WrapFuture(work), 10);
        });
        Assert.Equal(42, result);
    }

    [Fact]
    public void AwaitingADotNetTaskInsideATask_IsNotOvertakenByATimeout()
    {
        // A task suspended on a plain .NET await (a database driver, HttpClient) gets the grace period
        // for the result; before, the clock jumped at once and the timeout fired.
        int result = VirtualTime.Run(async () =>
        {
            AioTask<int> task = Asyncio.CreateTask(async () =>
            {
                var answer = new TaskCompletionSource<int>();
                new Thread(() =>
                {
                    Thread.Sleep(50);
                    answer.SetResult(42);
                }).Start();
                return await answer.Task;
            });
            return await Asyncio.WaitFor(task, 10);
        });
        Assert.Equal(42, result);
    }

    [Fact]
    public void ToThread_LongerThanTheGrace_IsNotOvertakenByATimeout()
    {
        // Running executor work that does not call back into the loop cannot be waiting for loop time.
        int result = VirtualTime.Run(async () =>
        {
            var clock = (Aio.Testing.VirtualClock)Asyncio.GetRunningLoop().Clock;
            clock.ForeignWorkGrace = 0.05;
            return await Asyncio.WaitFor(
                Asyncio.ToThread(() =>
                {
                    Thread.Sleep(300);
                    return 42;
                }),
                30);
        });
        Assert.Equal(42, result);
    }

    [Fact]
    public void QueuedExecutorWork_BehindWorkThatWaitsForLoopTime_DoesNotHang()
    {
        // The first item waits for a loop sleep; the second is queued behind it on a one-thread
        // executor. Holding the clock for the queued item would keep the sleep from ever firing.
        bool finished = false;
        var runner = new Thread(() =>
        {
            VirtualTime.Run(async () =>
            {
                EventLoop loop = Asyncio.GetRunningLoop();
                using var executor = new SingleThreadExecutor();
                Future<int> first = loop.RunInExecutorAsync(executor, () => Asyncio.RunCoroutineThreadsafe(Asyncio.Sleep(1, 1).AsCoroutine(), loop).Result);
                Future<int> second = loop.RunInExecutorAsync(executor, () => 2);
                int[] results = await Asyncio.Gather(first, second);
                Assert.Equal(new[] { 1, 2 }, results);
            });
            finished = true;
        })
        {
            IsBackground = true,
        };
        runner.Start();
        Assert.True(runner.Join(TimeSpan.FromSeconds(30)) && finished, "the run hung: virtual time never advanced");
    }

    [Fact]
    public void IoFromAnotherThread_ArrivesBeforeATimeout_WhenTheAutojumpThresholdGivesItTime()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var peer = new Thread(() =>
        {
            using TcpClient client = listener.AcceptTcpClient();
            Thread.Sleep(50);
            client.GetStream().Write("hello\n"u8);
            Thread.Sleep(500);
        })
        {
            IsBackground = true,
        };
        peer.Start();
        byte[] line = Asyncio.Run(
            async () =>
            {
                (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", port);
                try
                {
                    return await Asyncio.WaitFor(reader.ReadLineAsync(), 10);
                }
                finally
                {
                    writer.Close();
                }
            },
            debug: false,
            () => new EventLoop(new Aio.Testing.VirtualClock { AutojumpThreshold = 2 }));
        Assert.Equal("hello\n"u8.ToArray(), line);
    }

    [Fact]
    public void Wait_WithANullFuture_RaisesArgumentException_AndTheLoopCarriesOn()
    {
        VirtualTime.Run(async () =>
        {
            Future<int> f = Asyncio.GetRunningLoop().CreateFuture<int>();
            await Assert.ThrowsAsync<ArgumentException>(async () => await Asyncio.Wait(new Future[] { f, null! }));
            f.SetResult(1);
            (HashSet<Future> Done, HashSet<Future> Pending) outcome = await Asyncio.Wait(new Future[] { f });
            Assert.Same(f, outcome.Done.First());
        });
    }

    private sealed class SingleThreadExecutor : Executor
    {
        private readonly System.Collections.Concurrent.BlockingCollection<Action> _work = [];
        private readonly Thread _thread;

        public SingleThreadExecutor()
        {
            _thread = new Thread(() =>
            {
                foreach (Action action in _work.GetConsumingEnumerable())
                {
                    action();
                }
            })
            {
                IsBackground = true,
            };
            _thread.Start();
        }

        public override void Submit(Action work) => _work.Add(work);

        public override void Shutdown(bool wait = true)
        {
            _work.CompleteAdding();
            if (wait)
            {
                _thread.Join();
            }
        }
    }
}
