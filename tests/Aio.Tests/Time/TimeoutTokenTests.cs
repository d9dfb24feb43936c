namespace Aio.Tests.Time;

/// <summary>Timeouts around foreign awaits that were given the task's token.</summary>
public class TimeoutTokenTests
{
    [Fact]
    public void Timeout_AroundAForeignAwaitGivenTheTaskToken_RaisesTimeout()
    {
        VirtualTime.Run(async () =>
        {
            await Assert.ThrowsAsync<TimeoutException>(async () =>
            {
                await using (Asyncio.Timeout(0.1))
                {
                    await Task.Delay(5000, Asyncio.CurrentTask()!.CancellationToken);
                }
            });
            await Assert.ThrowsAsync<TimeoutException>(async () => await Asyncio.WaitFor(Fetch(), 0.1));
            Assert.Equal(0, Asyncio.CurrentTask()!.Cancelling());
            Assert.False(Asyncio.CurrentTask()!.CancellationToken.IsCancellationRequested);
        });

        static async Coroutine Fetch() => await Task.Delay(5000, Asyncio.CurrentTask()!.CancellationToken);
    }
}
