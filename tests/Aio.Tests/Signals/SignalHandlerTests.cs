using Aio.Python;
using Aio.Tests.Support;

namespace Aio.Tests.Signals;

public class SignalHandlerTests
{
    private static void Raise(int signal) => Assert.Equal(0, Aio.Native.Libc.kill(Environment.ProcessId, signal));

    [Fact]
    public void AddSignalHandler_RunsOnTheLoop_Replaces_Removes_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            int loopThread = Environment.CurrentManagedThreadId;
            var got = loop.CreateFuture<string>();
            loop.AddSignalHandler(Aio.Signals.User1, () =>
            {
                Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
                got.SetResult("SIGUSR1");
            });
            Raise(Aio.Signals.User1);
            trace.Add($"handler ran: {await got}");
            var again = loop.CreateFuture<string>();
            loop.AddSignalHandler(Aio.Signals.User1, () => again.SetResult("replaced"));
            Raise(Aio.Signals.User1);
            trace.Add($"second handler: {await again}");
            trace.Add($"removed: {PyFormat.Repr(loop.RemoveSignalHandler(Aio.Signals.User1))}");
            trace.Add($"removed again: {PyFormat.Repr(loop.RemoveSignalHandler(Aio.Signals.User1))}");
            try
            {
                loop.AddSignalHandler(Aio.Signals.Kill, () => { });
            }
            catch (InvalidOperationException e)
            {
                trace.Add($"SIGKILL: {e.Message}");
            }

            try
            {
                loop.AddSignalHandler(0, () => { });
            }
            catch (ArgumentException e)
            {
                trace.Add($"signal 0: {e.Message.Split(" (Parameter")[0]}");
            }
        });
        Twin.AssertSame("signal_handlers", trace);
    }

    [Fact]
    public void ClosingTheLoop_RemovesItsSignalHandlers()
    {
        EventLoop loop = Loops.New(ReactorKind.Default);
        loop.AddSignalHandler(Aio.Signals.User2, () => { });
        loop.Close();
        var second = Loops.New(ReactorKind.Default);
        second.AddSignalHandler(Aio.Signals.User2, () => { });
        Assert.True(second.RemoveSignalHandler(Aio.Signals.User2));
        second.Close();
    }
}
