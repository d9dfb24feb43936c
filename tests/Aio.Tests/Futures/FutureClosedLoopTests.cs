namespace Aio.Tests.Futures;

/// <summary>Futures whose loop is closed.</summary>
public class FutureClosedLoopTests
{
    // AddDoneCallback on a done future whose loop is closed enqueues into the closed loop: the
    //    callback is silently lost. CPython: RuntimeError('Event loop is closed').
    [Fact]
    public void AddDoneCallback_OnAClosedLoop_RaisesInsteadOfDroppingTheCallback()
    {
        EventLoop loop = VirtualTime.NewLoop();
        Future<int> future = loop.CreateFuture<int>();
        future.SetResult(1);
        loop.Close();
        Exception? error = Record.Exception(() => future.AddDoneCallback(_ => { }));
        Assert.Equal("Event loop is closed", Assert.IsType<InvalidOperationException>(error).Message);
    }
}
