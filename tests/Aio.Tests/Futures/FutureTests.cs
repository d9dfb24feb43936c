using Aio.Tests.Support;

namespace Aio.Tests.Futures;

public class FutureTests
{
    [Fact]
    public void DoneCallbacks_AreAlwaysScheduledWithCallSoon_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            Future<string> fut = loop.CreateFuture<string>();
            fut.AddDoneCallback(f => trace.Add($"cb1 sees {((Future<string>)f).Result}"));
            fut.SetResult("x");
            trace.Add("after set_result");
            fut.AddDoneCallback(_ => trace.Add("cb2 on done future"));
            trace.Add("after add on done");
            await Asyncio.Sleep(0);
            trace.Add("after one iteration");
            Future<object?> f2 = loop.CreateFuture();
            Action<Future> cb = _ => trace.Add("removed cb ran");
            f2.AddDoneCallback(cb);
            f2.AddDoneCallback(cb);
            trace.Add($"removed {f2.RemoveDoneCallback(cb)}");
            f2.Cancel();
            await Asyncio.Sleep(0);
            trace.Add($"f2 cancelled={f2.IsCancelled}");
        });
        Twin.AssertSame("done_callbacks_via_call_soon", trace);
    }

    [Fact]
    public void Await_ReturnsResult_RethrowsException_RaisesCancelledError()
    {
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            Future<int> ok = loop.CreateFuture<int>();
            loop.CallLater(1, () => ok.SetResult(5));
            Assert.Equal(5, await ok);

            Future<int> bad = loop.CreateFuture<int>();
            loop.CallLater(1, () => bad.SetException(new FormatException("bad")));
            Assert.Equal("bad", (await Assert.ThrowsAsync<FormatException>(async () => await bad)).Message);

            Future<int> cancelled = loop.CreateFuture<int>();
            loop.CallLater(1, () => cancelled.Cancel("why"));
            Assert.Equal("why", (await Assert.ThrowsAsync<CancelledError>(async () => await cancelled)).CancelMessage);
            Assert.Throws<CancelledError>(() => cancelled.Exception);
        });
    }

    [Fact]
    public void ToString_DescribesTheState_AsAsyncioRepr()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        Future<string> f = loop.CreateFuture<string>();
        Assert.Equal("<Future pending>", f.ToString());
        f.SetResult("x");
        Assert.Equal("<Future finished result='x'>", f.ToString());
        Future<int> g = loop.CreateFuture<int>();
        g.SetException(new InvalidOperationException("no"));
        Assert.Equal("<Future finished exception=InvalidOperationException('no')>", g.ToString());
        _ = g.Exception;
        Future<int> h = loop.CreateFuture<int>();
        h.Cancel();
        Assert.Equal("<Future cancelled>", h.ToString());
    }

    [Fact]
    public void WrapFuture_BringsADotNetTaskOntoTheLoop()
    {
        int result = VirtualTime.Run(async () =>
        {
            Future<int> wrapped = Asyncio.WrapFuture(Task.Run(() => 21 * 2));
            Assert.Same(Asyncio.GetRunningLoop(), wrapped.Loop);
            return await wrapped;
        });
        Assert.Equal(42, result);
    }

    [Fact]
    public void AwaitingAFuture_FromOutsideTheLoop_ResumesOnTheCaller()
    {
        using var loop = new EventLoop();
        Future<int> fut = loop.CreateFuture<int>();
        var loopThread = new Thread(loop.RunForever);
        loopThread.Start();
        var outside = Task.Run(async () => await fut);
        loop.CallSoonThreadsafe(() => fut.SetResult(9));
        Assert.Equal(9, outside.Result);
        loop.CallSoonThreadsafe(loop.Stop);
        loopThread.Join();
    }
}

public class FutureInteropTests
{
    [Fact]
    public void AsTask_LetsPlainDotNetCodeAwaitAnAioTask()
    {
        Task<int>? fromOutside = null;
        VirtualTime.Run(async () =>
        {
            AioTask<int> task = Asyncio.CreateTask(Asyncio.Sleep(1, 41).AsCoroutine());
            fromOutside = task.AsTask();
            Assert.False(fromOutside.IsCompleted);
            await task;
        });
        Assert.Equal(41, fromOutside!.Result);
    }

    [Fact]
    public void AsTask_CarriesFailureAndCancellation()
    {
        Task? failed = null;
        Task? cancelled = null;
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            Future<int> bad = loop.CreateFuture<int>();
            Future<int> gone = loop.CreateFuture<int>();
            failed = bad.AsTask();
            cancelled = gone.AsTask();
            bad.SetException(new FormatException("no"));
            gone.Cancel();
            await Asyncio.Sleep(0);
        });
        Assert.IsType<FormatException>(Assert.Throws<AggregateException>(() => failed!.Wait()).InnerException);
        Assert.True(cancelled!.IsCanceled);
    }
}
