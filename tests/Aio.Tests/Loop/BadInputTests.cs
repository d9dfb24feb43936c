namespace Aio.Tests.Loop;

/// <summary>Misuse gets a clear exception, and the loop remains usable afterwards.</summary>
public class BadInputTests
{
    [Fact]
    public void NullCallbacks_Throw_ArgumentNullException()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        Assert.Throws<ArgumentNullException>(() => loop.CallSoon(null!));
        Assert.Throws<ArgumentNullException>(() => loop.CallLater(1, (Action)null!));
        Assert.Throws<ArgumentNullException>(() => loop.CallAt(1, (Action)null!));
        Assert.Throws<ArgumentNullException>(() => loop.CallSoonThreadsafe((Action)null!));
        Assert.Throws<ArgumentNullException>(() => loop.CreateTask((Func<Task>)null!));
        Assert.Throws<ArgumentNullException>(() => loop.CreateFuture<int>().AddDoneCallback(null!));
        AssertLoopStillWorks(loop);
    }

    [Fact]
    public void NaNDelays_Throw_ArgumentException_NamingTheParameter()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        Assert.Equal("delay", Assert.Throws<ArgumentException>(() => loop.CallLater(double.NaN, () => { })).ParamName);
        Assert.Equal("when", Assert.Throws<ArgumentException>(() => loop.CallAt(double.NaN, () => { })).ParamName);
        Assert.Equal("seconds", Assert.Throws<ArgumentException>(() => Asyncio.Sleep(double.NaN)).ParamName);
        VirtualTime.Run(async () =>
        {
            Assert.Throws<ArgumentException>(() => Asyncio.Timeout(double.NaN));
            await Assert.ThrowsAsync<ArgumentException>(async () => await Asyncio.WaitFor(Asyncio.Sleep(1), double.NaN));
        });
        AssertLoopStillWorks(loop);
    }

    [Fact]
    public void ClosedLoop_RejectsWork_WithEventLoopIsClosed()
    {
        var loop = VirtualTime.NewLoop();
        loop.Close();
        loop.Close(); // closing twice is fine

        Assert.Equal("Event loop is closed", Assert.Throws<InvalidOperationException>(() => loop.CallSoon(() => { })).Message);
        Assert.Throws<InvalidOperationException>(() => loop.CallLater(1, () => { }));
        Assert.Throws<InvalidOperationException>(() => loop.CallSoonThreadsafe(() => { }));
        Assert.Throws<InvalidOperationException>(() => loop.RunForever());
        Assert.Throws<InvalidOperationException>(() => loop.CreateTask(async () => await Task.CompletedTask));
        Assert.True(loop.IsClosed);
    }

    [Fact]
    public void RunningTwice_AndRunningAnotherLoopInside_Throw_AndBothLoopsStayUsable()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        using EventLoop other = VirtualTime.NewLoop();
        Exception? nested = null;
        Exception? otherInside = null;
        Exception? closeInside = null;
        loop.CallSoon(() =>
        {
            nested = Record(() => loop.RunForever());
            otherInside = Record(() => other.RunForever());
            closeInside = Record(loop.Close);
            loop.Stop();
        });

        loop.RunForever();

        Assert.Equal("This event loop is already running", nested!.Message);
        Assert.Equal("Cannot run the event loop while another loop is running", otherInside!.Message);
        Assert.Equal("Cannot close a running event loop", closeInside!.Message);
        AssertLoopStillWorks(loop);
        AssertLoopStillWorks(other);
    }

    [Fact]
    public void AwaitingAFutureOfAnotherLoop_RaisesAtTheAwait_AndTheTaskCarriesOn()
    {
        using EventLoop otherLoop = VirtualTime.NewLoop();
        Future<int> foreign = otherLoop.CreateFuture<int>();
        string? message = null;
        string after = "";
        VirtualTime.Run(async () =>
        {
            try
            {
                await foreign;
            }
            catch (InvalidOperationException e)
            {
                message = e.Message;
            }

            await Asyncio.Sleep(1);
            after = "task carried on";
        });

        Assert.Matches("^Task <Task pending name='Task-\\d+' coro=<.*> got Future <Future pending> attached to a different loop$", message);
        Assert.Equal("task carried on", after);
    }

    [Fact]
    public void AsyncioRun_InsideARunningLoop_Throws()
    {
        Exception? error = null;
        VirtualTime.Run(async () =>
        {
            error = Record(() => VirtualTime.Run(async () => await Task.CompletedTask));
            await Asyncio.Sleep(0);
        });
        Assert.Equal("Asyncio.Run() cannot be called from a running event loop", error!.Message);
    }

    [Fact]
    public void Future_SetResultTwice_Or_ResultBeforeDone_RaiseInvalidStateError()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        Future<int> f = loop.CreateFuture<int>();
        Assert.Equal("Result is not ready.", Assert.Throws<InvalidStateError>(() => f.Result).Message);
        Assert.Equal("Exception is not set.", Assert.Throws<InvalidStateError>(() => f.Exception).Message);
        f.SetResult(1);
        Assert.Throws<InvalidStateError>(() => f.SetResult(2));
        Assert.Throws<InvalidStateError>(() => f.SetException(new InvalidOperationException()));
        Assert.False(f.Cancel());
        Assert.Equal(1, f.Result);
    }

    [Fact]
    public void CoroutineAwaitedTwice_RaisesOnTheSecondAwait()
    {
        string? message = null;
        VirtualTime.Run(async () =>
        {
            Coroutine<int> c = Twice();
            await c;
            try
            {
                await c;
            }
            catch (InvalidOperationException e)
            {
                message = e.Message;
            }
        });
        Assert.Equal("cannot reuse already awaited coroutine Twice", message);

        static async Coroutine<int> Twice()
        {
            await Asyncio.Sleep(0);
            return 1;
        }
    }

    [Fact]
    public void DefaultCoroutine_IsRejectedClearly()
    {
        VirtualTime.Run(async () =>
        {
            Assert.Throws<ArgumentException>(() => Asyncio.CreateTask(default(Coroutine)));
            await Assert.ThrowsAsync<ArgumentException>(async () => await default(Coroutine));
        });
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static void AssertLoopStillWorks(EventLoop loop)
    {
        bool ran = false;
        loop.CallSoon(() =>
        {
            ran = true;
            loop.Stop();
        });
        loop.RunForever();
        Assert.True(ran);
    }
}
