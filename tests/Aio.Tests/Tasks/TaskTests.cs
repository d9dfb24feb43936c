using Aio.Tests.Support;

namespace Aio.Tests.Tasks;

public class TaskTests
{
    [Fact]
    public void CreateTask_FirstStepRunsOnNextIteration_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("task_first_step_next_iteration", trace);

        async Coroutine Child(string name)
        {
            trace.Add($"{name} starts");
            await Asyncio.Sleep(0);
            trace.Add($"{name} resumes");
        }

        async Coroutine Main()
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.CallSoon(() => trace.Add("callback before"));
            AioTask t = Asyncio.CreateTask(Child("t"));
            loop.CallSoon(() => trace.Add("callback after"));
            trace.Add("main continues");
            await Asyncio.Sleep(0);
            trace.Add("main after one yield");
            await t;
        }
    }

    [Fact]
    public void CreateTask_WithTaskDelegate_AlsoStartsOnNextIteration()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioTask t = Asyncio.CreateTask(async () =>
            {
                trace.Add("t starts");
                await Asyncio.Sleep(0);
                trace.Add("t resumes");
            });
            trace.Add("main continues");
            await Asyncio.Sleep(0);
            trace.Add("main after one yield");
            await t;
        });
        Assert.Equal(["main continues", "t starts", "main after one yield", "t resumes"], trace);
    }

    [Fact]
    public void SleepZero_InterleavesThreeTasksRoundRobin_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () => await Asyncio.Gather(Worker("a", 3), Worker("b", 2), Worker("c", 4)));
        Twin.AssertSame("sleep0_interleaving", [string.Join(' ', trace)]);

        async Coroutine Worker(string name, int n)
        {
            for (int i = 0; i < n; i++)
            {
                trace.Add($"{name}{i}");
                await Asyncio.Sleep(0);
            }
        }
    }

    [Fact]
    public void Sleep_WithResult_ReturnsIt()
    {
        string result = VirtualTime.Run(async () => await Asyncio.Sleep(2.5, "done"));
        Assert.Equal("done", result);
    }

    [Fact]
    public void Cancel_CountsRequests_CanBeSuppressed_AndUncancelled_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(Main());
        Twin.AssertSame("cancel_counting", trace);

        async Coroutine<string> Stubborn()
        {
            for (int i = 0; i < 2; i++)
            {
                try
                {
                    await Asyncio.Sleep(10);
                }
                catch (CancelledError e)
                {
                    AioTask t = Asyncio.CurrentTask()!;
                    trace.Add($"caught {PyArgs(e)} cancelling={t.Cancelling()}");
                    trace.Add($"uncancel -> {t.Uncancel()}");
                }
            }

            return "survived";
        }

        async Coroutine Main()
        {
            AioTask<string> t = Asyncio.CreateTask(Stubborn());
            await Asyncio.Sleep(1);
            trace.Add($"cancel -> {t.Cancel("first")}");
            trace.Add($"cancelling={t.Cancelling()} cancelled={t.IsCancelled}");
            await Asyncio.Sleep(1);
            t.Cancel();
            t.Cancel();
            trace.Add($"cancelling={t.Cancelling()}");
            trace.Add($"result {await t}");
            trace.Add($"cancel after done -> {t.Cancel()}");
        }
    }

    [Fact]
    public void Cancel_BeforeFirstStep_NeverRunsTheBody_AsCPython()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioTask t = Asyncio.CreateTask(Body());
            t.Cancel("early");
            try
            {
                await t;
            }
            catch (CancelledError e)
            {
                trace.Add($"cancelled before start: {t.IsCancelled} {PyArgs(e)}");
            }
        });
        Twin.AssertSame("cancel_before_first_step", trace.Count == 0 ? ["nothing"] : trace);

        async Coroutine Body()
        {
            trace.Add("body ran");
            await Asyncio.Sleep(0);
        }
    }

    [Fact]
    public void Run_CancelsLeftoverTasks_AndLetsTheirFinallyRun_AsCPython()
    {
        var trace = new List<string>();
        string result = VirtualTime.Run(Main());
        Twin.AssertSame("run_finalises_leftovers", [result, .. trace]);

        async Coroutine Leftover(string name)
        {
            try
            {
                await Asyncio.Sleep(100);
            }
            finally
            {
                trace.Add($"{name} finally");
                await Asyncio.Sleep(1);
                trace.Add($"{name} finished cleanup");
            }
        }

        async Coroutine<string> Main()
        {
            _ = Asyncio.CreateTask(Leftover("bg"));
            await Asyncio.Sleep(1);
            trace.Add("main returns");
            return "main result";
        }
    }

    [Fact]
    public void Run_ReportsLeftoverTaskFailures_ToTheExceptionHandler()
    {
        var reported = new List<string>();
        VirtualTime.Run(async () =>
        {
            Asyncio.GetRunningLoop().SetExceptionHandler((_, c) => reported.Add($"{c.Message}: {c.Exception!.Message}"));
            _ = Asyncio.CreateTask(async () =>
            {
                try
                {
                    await Asyncio.Sleep(100);
                }
                finally
                {
                    throw new InvalidOperationException("cleanup failed");
                }
            });
            await Asyncio.Sleep(1);
        });
        Assert.Equal(["unhandled exception during Asyncio.Run() shutdown: cleanup failed"], reported);
    }

    [Fact]
    public void CurrentTask_IsTheTaskRunningTheCode_EvenInsideNestedCoroutines()
    {
        VirtualTime.Run(async () =>
        {
            AioTask outer = Asyncio.CurrentTask()!;
            AioTask inner = await Inner();
            Assert.Same(outer, inner);
            AioTask child = Asyncio.CreateTask(Inner(), name: "child");
            Assert.Same(child, await (AioTask<AioTask>)child);
            Assert.Equal("child", child.Name);
        });

        static async Coroutine<AioTask> Inner()
        {
            await Asyncio.Sleep(1);
            return Asyncio.CurrentTask()!;
        }
    }

    [Fact]
    public void CurrentTask_SurvivesForeignAwaits_InCoroutinesAndPlainTaskMethods()
    {
        VirtualTime.Run(async () =>
        {
            AioTask me = Asyncio.CurrentTask()!;
            await Task.Run(() => Thread.Sleep(1));
            Assert.Same(me, Asyncio.CurrentTask());
            await PlainHelper(me);
            Assert.Same(me, Asyncio.CurrentTask());
        });

        static async Task PlainHelper(AioTask expected)
        {
            await Task.Yield();
            Assert.Same(expected, Asyncio.CurrentTask());
            await Task.Run(() => Thread.Sleep(1));
            Assert.Same(expected, Asyncio.CurrentTask());
            await Asyncio.Sleep(1);
            Assert.Same(expected, Asyncio.CurrentTask());
        }
    }

    [Fact]
    public void Cancel_ReachesAnAwaitInsideAPlainTaskHelper_AfterAForeignAwait()
    {
        var trace = new List<string>();
        VirtualTime.Run(async () =>
        {
            AioTask t = Asyncio.CreateTask(async () =>
            {
                await Task.Run(() => { });
                try
                {
                    await Asyncio.Sleep(60);
                }
                catch (CancelledError)
                {
                    trace.Add("cancelled inside the helper");
                    throw;
                }
            });
            await Asyncio.Sleep(1);
            t.Cancel();
            await Assert.ThrowsAsync<CancelledError>(async () => await t);
            Assert.True(t.IsCancelled);
        });
        Assert.Equal(["cancelled inside the helper"], trace);
    }

    [Fact]
    public void CancellationToken_IsTrippedByCancel_StoppingForeignWork()
    {
        VirtualTime.Run(async () =>
        {
            var started = new TaskCompletionSource();
            AioTask t = Asyncio.CreateTask(async () =>
            {
                CancellationToken token = Asyncio.CurrentTask()!.CancellationToken;
                started.SetResult();
                await Task.Delay(Timeout.Infinite, token);
            });
            await Asyncio.Sleep(0);
            await Asyncio.WrapFuture(started.Task);
            t.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await t);
            Assert.True(t.IsCancelled);
        });
    }

    [Fact]
    public void CancellationToken_AfterUncancelToZero_IsFresh()
    {
        VirtualTime.Run(async () =>
        {
            AioTask me = Asyncio.CurrentTask()!;
            me.Cancel();
            Assert.True(me.CancellationToken.IsCancellationRequested);
            try
            {
                await Asyncio.Sleep(1);
            }
            catch (CancelledError)
            {
                me.Uncancel();
            }

            Assert.False(me.CancellationToken.IsCancellationRequested);
        });
    }

    [Fact]
    public void UnretrievedTaskException_IsReportedToTheHandler_WhenCollected()
    {
        var reported = new List<ExceptionContext>();
        VirtualTime.Run(async () =>
        {
            Asyncio.GetRunningLoop().SetExceptionHandler((_, c) => reported.Add(c));
            StartAndForget();
            await Asyncio.Sleep(1);
            for (int i = 0; i < 5 && reported.Count == 0; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await Asyncio.Sleep(0);
                await Asyncio.Sleep(0);
            }
        });

        ExceptionContext context = Assert.Single(reported);
        Assert.Equal("Task exception was never retrieved", context.Message);
        Assert.Equal("lost", context.Exception!.Message);
        Assert.IsAssignableFrom<AioTask>(context.Future);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void StartAndForget() => Asyncio.CreateTask(Fails());

        static async Coroutine Fails()
        {
            await Asyncio.Sleep(0);
            throw new InvalidOperationException("lost");
        }
    }

    [Fact]
    public void RetrievedTaskException_IsNotReported()
    {
        var reported = new List<ExceptionContext>();
        VirtualTime.Run(async () =>
        {
            Asyncio.GetRunningLoop().SetExceptionHandler((_, c) => reported.Add(c));
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await Asyncio.CreateTask(async () =>
            {
                await Asyncio.Sleep(0);
                throw new InvalidOperationException("seen");
            }));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Asyncio.Sleep(0);
        });
        Assert.Empty(reported);
    }

    [Fact]
    public void AsyncLocal_FlowsWithinATask_AndIsIsolatedBetweenTasks()
    {
        var local = new AsyncLocal<string>();
        var seen = new List<string?>();
        VirtualTime.Run(async () =>
        {
            local.Value = "main";
            AioTask a = Asyncio.CreateTask(Worker("a"));
            AioTask b = Asyncio.CreateTask(Worker("b"));
            await Asyncio.Gather(a, b);
            seen.Add($"main sees {local.Value}");
        });
        Assert.Equal(["a sees a", "b sees b", "main sees main"], seen);

        async Coroutine Worker(string name)
        {
            Assert.Equal("main", local.Value); // inherited from the creator, as contextvars are copied
            local.Value = name;
            await Asyncio.Sleep(1);
            seen.Add($"{name} sees {local.Value}");
        }
    }

    [Fact]
    public void AllTasks_ListsPendingTasksInCreationOrder()
    {
        VirtualTime.Run(async () =>
        {
            AioTask main = Asyncio.CurrentTask()!;
            AioTask a = Asyncio.CreateTask(Asyncio.Sleep(1), "a");
            AioTask b = Asyncio.CreateTask(Asyncio.Sleep(2), "b");
            Assert.Equal([main, a, b], Asyncio.AllTasks());
            await a;
            Assert.Equal([main, b], Asyncio.AllTasks());
            await b;
        });
    }

    [Fact]
    public void TaskAwaitingItself_RaisesAtTheAwait()
    {
        VirtualTime.Run(async () =>
        {
            AioTask? self = null;
            self = Asyncio.CreateTask(async () =>
            {
                await Asyncio.Sleep(0);
                await self!;
            });
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await self);
            Assert.StartsWith("Task cannot await on itself", error.Message);
        });
    }

    internal static string PyArgs(CancelledError e) => e.CancelMessage is null ? "()" : $"('{e.CancelMessage}',)";
}
