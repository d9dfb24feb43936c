namespace Aio.Tests.Tasks;

/// <summary>Null arguments to the task functions are clear errors, raised before anything is attached.</summary>
public class TaskArgumentTests
{
    // EnsureFuture(null) returns null; the caller fails later with a NullReferenceException.
    //    CPython: ensure_future(None) raises TypeError.
    [Fact]
    public void EnsureFuture_OfNull_ThrowsArgumentNullException()
    {
        VirtualTime.Run(async () =>
        {
            await Asyncio.Sleep(0);
            Assert.IsType<ArgumentNullException>(Record.Exception(() => Asyncio.EnsureFuture((Future)null!)));
        });
    }

    // A null element in AsCompleted gives NullReferenceException, after callbacks were already
    //    attached to the futures before it.
    [Fact]
    public void AsCompleted_WithANullFuture_ThrowsArgumentException_AndLeavesTheOthersAlone()
    {
        VirtualTime.Run(async () =>
        {
            await Asyncio.Sleep(0);
            Future<int> good = Asyncio.GetRunningLoop().CreateFuture<int>();
            Exception? error = Record.Exception(() => Asyncio.AsCompleted(new[] { good, null! }));
            Assert.IsAssignableFrom<ArgumentException>(error);
            good.SetResult(1);
        });
    }
}
