using Aio.Tests.Support;

namespace Aio.Tests.Loop;

/// <summary>The execution context callbacks run in, as asyncio's contextvars.</summary>
public class CallbackContextTests
{
    [Fact]
    public void Callbacks_RunInTheContextTheyWereScheduledFrom_AndDoNotLeak_AsCPython()
    {
        var output = new List<string>();
        var v = new AsyncLocal<string>();
        string V() => v.Value ?? "unset";
        VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            v.Value = "main";
            Future<int> fut = loop.CreateFuture<int>();
            fut.AddDoneCallback(_ => output.Add($"done cb sees {V()}"));
            loop.CallSoon(() => output.Add($"call_soon sees {V()}"));
            loop.CallLater(0.01, () => output.Add($"call_later sees {V()}"));
            fut.SetResult(1);
            await Asyncio.Sleep(0.1);
            loop.CallSoon(() => v.Value = "leaked");
            loop.CallSoon(() => output.Add($"next callback sees {V()}"));
            await Asyncio.Sleep(0);
            output.Add($"main sees {V()}");
        });
        Twin.AssertSame("callbacks_run_in_scheduling_context", output);
    }
}
