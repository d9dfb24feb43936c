namespace Aio.Samples.Guide;

/// <summary>One example of the tour: its conformance name, its heading, and how to run it.</summary>
public sealed record GuideExample(string Name, string Title, Action Run);

/// <summary>The guide's examples in the order the guide presents them, then the tour's examples beyond it.</summary>
public static class GuideExamples
{
    public static IReadOnlyList<GuideExample> All { get; } =
    [
        new("s01_fetch_data", "Getting Started with Asyncio", S01FetchData.Run),
        new("s02_error_handling", "Error Handling with Asyncio", S02ErrorHandling.Run),
        new("s03_run_until_complete", "Running the Event Loop", S03RunUntilComplete.Run),
        new("s04_loop_create_task", "Scheduling Tasks", S04LoopCreateTask.Run),
        new("s05_create_task_in_main", "Scheduling Tasks: asyncio.create_task()", S05CreateTaskInMain.Run),
        new("s06_done_callback", "Understanding Callbacks and the Event Loop", S06DoneCallback.Run),
        new("s07_coroutine_dict", "Coroutines", S07CoroutineDict.Run),
        new("s08_task_other_work", "Tasks", S08TaskOtherWork.Run),
        new("s09_gather_two", "Awaiting Multiple Coroutines", S09GatherTwo.Run),
        new("s10_cancellation", "Cancellation of Tasks", S10Cancellation.Run),
        new("s11_say_hello_tasks", "Basic Asyncio Program", S11SayHelloTasks.Run),
        new("s12_say_hello_gather", "Scheduling Multiple Tasks", S12SayHelloGather.Run),
        new("s13_invalid_delay", "Handling Exceptions in Asyncio", S13InvalidDelay.Run),
        new("s14_cancel_alice", "Cancelling Tasks", S14CancelAlice.Run),
        new("s15_gather_results", "Combining Tasks", S15GatherResults.Run),
        new("s16_background_task", "Creating a Background Task", S16BackgroundTask.Run),
        new("s17_periodic_monitor", "Periodic Tasks", S17PeriodicMonitor.Run),
        new("s18_chat_server", "Building Chat Servers", S18ChatServer.Run),
        new("s19_web_scraper", "Using Asyncio with Network I/O: a web scraper", S19WebScraper.Run),
    ];

    /// <summary>Examples beyond the guide: the synchronisation primitives, queues and structured concurrency.</summary>
    public static IReadOnlyList<GuideExample> Beyond { get; } =
    [
        new("x01_queue_workers", "Beyond the guide: a queue of jobs and its workers", Aio.Samples.Beyond.X01QueueWorkers.Run),
        new("x02_semaphore_limit", "Beyond the guide: limiting concurrency with a semaphore", Aio.Samples.Beyond.X02SemaphoreLimit.Run),
        new("x03_timeout_taskgroup", "Beyond the guide: a deadline around a task group", Aio.Samples.Beyond.X03TimeoutTaskGroup.Run),
        new("x04_ws_chat", "Beyond the guide: the chat server over WebSockets", Aio.Samples.Beyond.X04WsChat.Run),
    ];

    /// <summary>Everything the tour shows, in order.</summary>
    public static IEnumerable<GuideExample> Tour => All.Concat(Beyond);

    /// <summary>Finds an example by its conformance name (<c>s01_fetch_data</c>) or its number (<c>s01</c>).</summary>
    public static GuideExample? Find(string name) =>
        Tour.FirstOrDefault(e => e.Name == name) ?? Tour.FirstOrDefault(e => e.Name.StartsWith(name + "_", StringComparison.Ordinal));
}
