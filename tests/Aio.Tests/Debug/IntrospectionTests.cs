namespace Aio.Tests.Debug;

/// <summary>The introspection API: the exact coroutine chain, what a task awaits, tracked creation, history, cancellers.</summary>
public class IntrospectionTests
{
    [Fact]
    public void GetStack_ShowsTheChainOfSuspendedCoroutines_OutermostFirst()
    {
        (string[] methods, AwaitSnapshot? awaiting) = VirtualTime.Run(async () =>
        {
            AioTask deep = Asyncio.CreateTask(Outer(), name: "deep");
            await Asyncio.Sleep(1);
            TaskSnapshot snapshot = deep.Snapshot();
            deep.Cancel();
            return (snapshot.Chain.Select(f => f.ToString()).ToArray(), snapshot.Awaiting);
        });

        Assert.Equal(["IntrospectionTests.Outer", "IntrospectionTests.Middle", "IntrospectionTests.Inner"], methods);
        Assert.NotNull(awaiting);
        Assert.Equal("sleep", awaiting.Kind);
        Assert.Equal(3600.0, awaiting.Deadline);
        Assert.Contains("in 3599.000 s", awaiting.Description);
    }

    [Fact]
    public void Snapshot_NamesLockQueueAndForeignAwaits()
    {
        Dictionary<string, string> kinds = VirtualTime.Run(async () =>
        {
            var gate = new AioLock();
            await gate.AcquireAsync();
            var queue = new AioQueue<int>();
            AioTask locked = Asyncio.CreateTask(TakeLock(gate), name: "locked");
            AioTask getter = Asyncio.CreateTask(GetOne(queue), name: "getter");
            var never = new TaskCompletionSource();
            AioTask foreign = Asyncio.CreateTask(AwaitForeign(never.Task), name: "foreign");
            await Asyncio.Sleep(0.5);
            var result = Asyncio.GetRunningLoop().GetTaskSnapshots()
                .Where(s => s.Name is "locked" or "getter" or "foreign")
                .ToDictionary(s => s.Name, s => $"{s.State}:{s.Awaiting?.Kind}");
            locked.Cancel();
            getter.Cancel();
            never.SetResult();
            await Asyncio.Wait([locked, getter, foreign]);
            return result;
        });

        Assert.Equal("waiting:lock", kinds["locked"]);
        Assert.Equal("waiting:queue", kinds["getter"]);
        Assert.Equal("waiting:foreign", kinds["foreign"]);
    }

    [Fact]
    public void TrackedTasks_KnowTheirParentCreationSiteAndCounters()
    {
        TaskSnapshot child = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.TaskTracking = true;
            AioTask parent = Asyncio.CreateTask(Parent(), name: "parent");
            await Asyncio.Sleep(1);
            TaskSnapshot snapshot = loop.GetTaskSnapshots().Single(s => s.Name == "child");
            parent.Cancel();
            await Asyncio.Sleep(0);
            return snapshot;
        });

        Assert.Equal("parent", child.ParentName);
        Assert.StartsWith("IntrospectionTests.Parent()", child.CreationSite);
        Assert.NotNull(child.Counters);
        Assert.Equal(1, child.Counters.Steps);
    }

    [Fact]
    public void CreationSites_NameTheCallerAfterANestedCoroutineReturned_AndNoStaleFrameInACallback()
    {
        (string? afterNested, string? fromCallback) = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.TaskTracking = true;
            AioTask spawner = Asyncio.CreateTask(SpawnAfterNested(), name: "spawner");
            await Asyncio.Sleep(1);
            var inCallback = new Future<AioTask>();
            loop.CallSoon(() => inCallback.SetResult(Asyncio.CreateTask(Asyncio.Sleep(3600), name: "from-callback")));
            AioTask callbackTask = await inCallback;
            TaskSnapshot[] snapshots = [.. loop.GetTaskSnapshots()];
            foreach (AioTask t in new[] { spawner, callbackTask })
            {
                t.Cancel();
            }

            await Asyncio.Sleep(0);
            return (snapshots.Single(x => x.Name == "after-nested").CreationSite, snapshots.Single(x => x.Name == "from-callback").CreationSite);
        });

        // The nested coroutine ran (and returned) inside the spawner's step: the site is the spawner again.
        Assert.StartsWith("IntrospectionTests.SpawnAfterNested()", afterNested);

        // Outside any coroutine the site comes from a stack walk, never from the frame that ran last.
        Assert.NotNull(fromCallback);
        Assert.DoesNotContain("SpawnAfterNested", fromCallback);
        Assert.DoesNotContain("NestedStep", fromCallback);
    }

    private static async Coroutine SpawnAfterNested()
    {
        await NestedStep();
        AioTask child = Asyncio.CreateTask(Inner(), name: "after-nested");
        try
        {
            await Asyncio.Sleep(3600);
        }
        finally
        {
            child.Cancel();
        }
    }

    private static async Coroutine NestedStep() => await Asyncio.Sleep(0);

    [Fact]
    public void UntrackedTasks_CarryNoTrace()
    {
        TaskSnapshot snapshot = VirtualTime.Run(async () =>
        {
            AioTask task = Asyncio.CreateTask(Inner(), name: "plain");
            await Asyncio.Sleep(0);
            TaskSnapshot s = task.Snapshot();
            task.Cancel();
            return s;
        });

        Assert.Null(snapshot.CreationSite);
        Assert.Null(snapshot.Counters);
        Assert.Empty(Asyncio.Run(async () => Asyncio.GetRunningLoop().GetTerminatedTasks()));
    }

    [Fact]
    public void TheHistory_RemembersHowTasksEnded_AndWhoCancelled()
    {
        IReadOnlyList<TerminatedTaskSnapshot> history = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.TaskTracking = true;
            AioTask victim = Asyncio.CreateTask(Outer(), name: "victim");
            AioTask ok = Asyncio.CreateTask(Asyncio.Sleep(0), name: "ok");
            await Asyncio.Sleep(1);
            await Asyncio.CreateTask(Reaper(victim), name: "reaper");
            await Asyncio.Wait([victim]);
            return loop.GetTerminatedTasks();
        });

        TerminatedTaskSnapshot victimEnd = history.Single(t => t.Name == "victim");
        Assert.Equal("cancelled", victimEnd.Outcome);
        Assert.StartsWith("reaper (Task-", victimEnd.CancelledBy);
        Assert.StartsWith("IntrospectionTests.Reaper()", victimEnd.CancelSite);
        Assert.Equal(["IntrospectionTests.Outer", "IntrospectionTests.Middle", "IntrospectionTests.Inner"], victimEnd.ChainAtCancel.Select(f => f.ToString()));
        Assert.Equal("finished", history.Single(t => t.Name == "ok").Outcome);
    }

    [Fact]
    public void ASlotsNextTask_CreatedWhileTrackingWasOff_InheritsNoRecordFromTheTaskBefore()
    {
        (TaskSnapshot live, TerminatedTaskSnapshot ended) = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.TaskTracking = true;
            await Asyncio.CreateTask(Asyncio.Sleep(0), name: "tracked"); // ends, its record left in its slot
            loop.TaskTracking = false;
            AioTask untracked = Asyncio.CreateTask(Asyncio.Sleep(1), name: "untracked"); // takes that slot
            loop.TaskTracking = true;
            await Asyncio.Sleep(0);
            TaskSnapshot snapshot = untracked.Snapshot();
            await untracked;
            return (snapshot, loop.GetTerminatedTasks().Single(t => t.Name == "untracked"));
        });

        Assert.Null(live.CreationSite);
        Assert.Null(live.Counters);
        Assert.Null(ended.CreationSite);
        Assert.Null(ended.Counters);
    }

    [Fact]
    public void TheHistory_IsBounded()
    {
        int count = VirtualTime.Run(async () =>
        {
            EventLoop loop = Asyncio.GetRunningLoop();
            loop.TaskTracking = true;
            loop.TerminatedHistorySize = 5;
            for (int i = 0; i < 12; i++)
            {
                await Asyncio.CreateTask(Asyncio.Sleep(0), name: $"t{i}");
            }

            return loop.GetTerminatedTasks().Count;
        });

        Assert.Equal(5, count);
    }

    [Fact]
    public void PrintStack_WritesTheChainAndTheAwait()
    {
        string printed = VirtualTime.Run(async () =>
        {
            AioTask deep = Asyncio.CreateTask(Outer(), name: "deep");
            await Asyncio.Sleep(1);
            var writer = new StringWriter();
            deep.PrintStack(writer);
            deep.Cancel();
            return writer.ToString();
        });

        Assert.Contains("Stack for <Task pending name='deep'", printed);
        Assert.Contains("  IntrospectionTests.Middle\n", printed.ReplaceLineEndings("\n"));
        Assert.Contains("awaiting sleep until 3600.000", printed);
    }

    private static async Coroutine Outer() => await Middle();

    private static async Coroutine Middle()
    {
        await Asyncio.Sleep(0);
        await Inner();
    }

    private static async Coroutine Inner() => await Asyncio.Sleep(3600);

    private static async Coroutine TakeLock(AioLock gate) => await gate.AcquireAsync();

    private static async Coroutine GetOne(AioQueue<int> queue) => await queue.GetAsync();

    private static async Coroutine AwaitForeign(Task task) => await task;

    private static async Coroutine Parent()
    {
        AioTask child = Asyncio.CreateTask(Inner(), name: "child");
        try
        {
            await Asyncio.Sleep(3600);
        }
        finally
        {
            child.Cancel();
        }
    }

    private static async Coroutine Reaper(AioTask victim)
    {
        victim.Cancel();
        await Asyncio.Sleep(0);
    }
}
