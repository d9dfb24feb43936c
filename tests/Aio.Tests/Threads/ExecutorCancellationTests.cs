namespace Aio.Tests.Threads;

/// <summary>Cancelling executor work.</summary>
public class ExecutorCancellationTests
{
    [Fact]
    public void CancelledExecutorWork_ThatHasNotStarted_DoesNotRun()
    {
        var ran = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var executor = new OneThreadExecutor();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            Future<object?> first = loop.RunInExecutorAsync(executor, () =>
            {
                Thread.Sleep(200);
                ran.Enqueue("blocker");
            });
            Future<object?> second = loop.RunInExecutorAsync(executor, () => ran.Enqueue("second"));
            await Asyncio.Sleep(0);
            second.Cancel();
            await first;
            await Asyncio.ToThread(() => executor.Shutdown(wait: true));
        });
        Assert.Equal(["blocker"], ran);
    }

    /// <summary>An executor with one worker thread, like ThreadPoolExecutor(max_workers=1).</summary>
    private sealed class OneThreadExecutor : Executor
    {
        private readonly System.Collections.Concurrent.BlockingCollection<Action> _work = new();
        private readonly Thread _thread;

        public OneThreadExecutor()
        {
            _thread = new Thread(() =>
            {
                foreach (Action action in _work.GetConsumingEnumerable())
                {
                    action();
                }
            })
            { IsBackground = true };
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
