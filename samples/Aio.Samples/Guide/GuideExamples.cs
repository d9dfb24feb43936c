namespace Aio.Samples.Guide;

/// <summary>One example of the tour: its conformance name, its heading, how to run it, and how long it takes in real time.</summary>
/// <param name="Name">The conformance name, as the Python program's file is named: <c>s01_fetch_data</c>.</param>
/// <param name="Title">The guide's heading for it.</param>
/// <param name="Run">Runs it, printing to standard output.</param>
/// <param name="Seconds">How long its sleeps take in real time (the tour's tests check it on the virtual clock).</param>
public sealed record GuideExample(string Name, string Title, Action Run, double Seconds);

/// <summary>The guide's examples in the order the guide presents them, then the tour's examples beyond it.</summary>
public static class GuideExamples
{
    public static IReadOnlyList<GuideExample> All { get; } =
    [
        new("s01_fetch_data", "Getting Started with Asyncio", S01FetchData.Run, 1),
        new("s02_error_handling", "Error Handling with Asyncio", S02ErrorHandling.Run, 1),
        new("s03_run_until_complete", "Running the Event Loop", S03RunUntilComplete.Run, 1),
        new("s04_loop_create_task", "Scheduling Tasks", S04LoopCreateTask.Run, 2),
        new("s05_create_task_in_main", "Scheduling Tasks: asyncio.create_task()", S05CreateTaskInMain.Run, 2),
        new("s06_done_callback", "Understanding Callbacks and the Event Loop", S06DoneCallback.Run, 1),
        new("s07_coroutine_dict", "Coroutines", S07CoroutineDict.Run, 2),
        new("s08_task_other_work", "Tasks", S08TaskOtherWork.Run, 2),
        new("s09_gather_two", "Awaiting Multiple Coroutines", S09GatherTwo.Run, 2),
        new("s10_cancellation", "Cancellation of Tasks", S10Cancellation.Run, 1),
        new("s11_say_hello_tasks", "Basic Asyncio Program", S11SayHelloTasks.Run, 3),
        new("s12_say_hello_gather", "Scheduling Multiple Tasks", S12SayHelloGather.Run, 3),
        new("s13_invalid_delay", "Handling Exceptions in Asyncio", S13InvalidDelay.Run, 3),
        new("s14_cancel_alice", "Cancelling Tasks", S14CancelAlice.Run, 1.5),
        new("s15_gather_results", "Combining Tasks", S15GatherResults.Run, 2),
        new("s16_background_task", "Creating a Background Task", S16BackgroundTask.Run, 15),
        new("s17_periodic_monitor", "Periodic Tasks", S17PeriodicMonitor.Run, 30),
        new("s18_chat_server", "Building Chat Servers", S18ChatServer.Run, 0.8),
    ];

    /// <summary>Examples beyond the guide: the synchronisation primitives, queues and structured concurrency.</summary>
    public static IReadOnlyList<GuideExample> Beyond { get; } =
    [
        new("x01_queue_workers", "Beyond the guide: a queue of jobs and its workers", Aio.Samples.Beyond.X01QueueWorkers.Run, 0.9),
        new("x02_semaphore_limit", "Beyond the guide: limiting concurrency with a semaphore", Aio.Samples.Beyond.X02SemaphoreLimit.Run, 3.6),
        new("x03_timeout_taskgroup", "Beyond the guide: a deadline around a task group", Aio.Samples.Beyond.X03TimeoutTaskGroup.Run, 2),
    ];

    /// <summary>Everything the tour shows, in order.</summary>
    public static IEnumerable<GuideExample> Tour => All.Concat(Beyond);

    /// <summary>Finds an example by its conformance name (<c>s01_fetch_data</c>) or its number (<c>s01</c>).</summary>
    public static GuideExample? Find(string name) =>
        Tour.FirstOrDefault(e => e.Name == name) ?? Tour.FirstOrDefault(e => e.Name.StartsWith(name + "_", StringComparison.Ordinal));
}
