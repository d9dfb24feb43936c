using Aio.Tests.Support;

namespace Aio.Tests.Tasks;

/// <summary>Cancellation messages and the task's CancellationToken after a cancellation.</summary>
public class TaskCancellationTests
{
    [Fact]
    public void CancelTwice_TheDeliveredErrorKeepsTheFirstMessage_AsCPython()
    {
        var output = new List<string>();
        VirtualTime.Run(async () =>
        {
            Future<object?> fut = Asyncio.GetRunningLoop().CreateFuture();
            AioTask t = Asyncio.CreateTask(async () =>
            {
                try
                {
                    await fut;
                }
                catch (CancelledError e)
                {
                    output.Add($"waiter got {Aio.Tests.Tasks.TaskTests.PyArgs(e)}");
                    throw;
                }
            });
            await Asyncio.Sleep(0);
            t.Cancel("a");
            t.Cancel("b");
            output.Add($"cancelling {t.Cancelling()}");
            try
            {
                await t;
            }
            catch (CancelledError e)
            {
                output.Add($"main got {Aio.Tests.Tasks.TaskTests.PyArgs(e)}");
            }
        });
        Twin.AssertSame("cancel_twice_keeps_first_message", output);
    }

    [Fact]
    public void CancellationToken_AfterTheCancellationIsHandled_IsFreshAgain()
    {
        VirtualTime.Run(async () =>
        {
            AioTask me = Asyncio.CurrentTask()!;
            CancellationToken first = me.CancellationToken;
            me.Cancel();
            Assert.True(first.IsCancellationRequested);
            try
            {
                await Asyncio.Sleep(1);
            }
            catch (CancelledError)
            {
                // handled without Uncancel: the request count stays, but the cancellation was delivered
            }

            Assert.Equal(1, me.Cancelling());
            await Task.Delay(1, me.CancellationToken); // a foreign API still works
        });
    }
}
