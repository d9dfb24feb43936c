using System.Diagnostics;
using System.Net.Sockets;
using Aio.Tests.Support;

namespace Aio.Tests.Loop;

/// <summary>Wake-ups under load and bad arguments to the loop.</summary>
public class LoopMisuseTests
{
    // The reactors reset the wake-up flag before draining the wake-up fd: a Wake() in between
    //    is drained, the flag stays set, and every later Wake() is skipped, so the loop sleeps in
    //    poll()/epoll_wait() with thread-safe work queued.
    [Theory]
    [InlineData(ReactorKind.Poll)]
    [InlineData(ReactorKind.Epoll)]
    public void CallSoonThreadsafe_AfterABurstOfWakeUps_StillWakesAnIdleLoop(ReactorKind kind)
    {
        using var loop = new EventLoop(new MonotonicClock(), kind);
        (Socket a, Socket b) = Loops.SocketPair();
        using (a)
        using (b)
        {
            loop.AddReader(a, loop.Stop); // only to get a stuck loop out of poll() at the end
            var runner = new Thread(loop.RunForever) { IsBackground = true };
            runner.Start();
            int lostAt = -1;
            var watch = Stopwatch.StartNew();
            for (int round = 0; round < 150 && watch.Elapsed < TimeSpan.FromSeconds(10); round++)
            {
                for (int i = 0; i < 2000; i++)
                {
                    loop.CallSoonThreadsafe(() => { });
                }

                using var drained = new ManualResetEventSlim();
                loop.CallSoonThreadsafe(drained.Set);
                drained.Wait(TimeSpan.FromSeconds(5));
                Thread.Sleep(2); // the loop goes back to sleep with nothing to do
                using var probe = new ManualResetEventSlim();
                loop.CallSoonThreadsafe(probe.Set);
                if (!probe.Wait(TimeSpan.FromSeconds(2)))
                {
                    lostAt = round;
                    break;
                }
            }

            b.Send(new byte[1]);
            runner.Join(TimeSpan.FromSeconds(5));
            Assert.True(lostAt < 0, $"a CallSoonThreadsafe wake-up was lost in round {lostAt}: the loop slept with work queued");
        }
    }

    // An undefined ReactorKind is accepted and silently becomes the I/O-less reactor; the first
    //    socket then fails with PlatformNotSupportedException on a platform that supports it.
    [Fact]
    public void EventLoop_WithAnUndefinedReactorKind_ThrowsArgumentOutOfRange()
    {
        Exception? error = Record.Exception(() => new EventLoop(new MonotonicClock(), (ReactorKind)42).Close());
        Assert.IsType<ArgumentOutOfRangeException>(error);
    }

    // AddReader(-1) reports ParamName "source" (an internal parameter), not "fd".
    [Fact]
    public void AddReader_WithANegativeFd_NamesTheFdParameter()
    {
        using EventLoop loop = VirtualTime.NewLoop();
        var error = Assert.IsAssignableFrom<ArgumentException>(Record.Exception(() => loop.AddReader(-1, () => { })));
        Assert.Equal("fd", error.ParamName);
        loop.RunUntilComplete(async () => await Asyncio.Sleep(0.1));
    }
}
