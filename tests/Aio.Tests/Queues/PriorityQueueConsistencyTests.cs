namespace Aio.Tests.Queues;

/// <summary>A priority queue stays consistent when a put fails.</summary>
public class PriorityQueueConsistencyTests
{
    // A put that fails (items not comparable) leaves the item in the queue but not counted in
    //    UnfinishedTasks: QSize 2, UnfinishedTasks 1, so Join() returns with an item pending and a
    //    later TaskDone raises "called too many times". (CPython's heappush leaves the same state.)
    [Fact]
    public void PriorityQueue_FailedPut_LeavesTheQueueConsistent()
    {
        VirtualTime.Run(async () =>
        {
            await Asyncio.Sleep(0);
            var queue = new AioPriorityQueue<object>();
            Assert.True(queue.TryPut(new object()));
            Exception? error = Record.Exception(() => queue.TryPut(new object()));
            Assert.NotNull(error);
            Assert.Equal(1, queue.QSize);
            Assert.Equal(queue.QSize, queue.UnfinishedTasks);
        });
    }
}
