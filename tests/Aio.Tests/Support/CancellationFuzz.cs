namespace Aio.Tests.Support;

/// <summary>
/// Runs a scenario for many seeds on virtual time, while a driver cancels random tasks at random
/// awaits. Time is virtual and every random choice comes from the seed, so a failure replays exactly:
/// the message names the seed.
/// </summary>
internal static class CancellationFuzz
{
    public const int Iterations = 2000;

    public static void Run(string name, Func<Random, Coroutine> scenario, int iterations = Iterations)
    {
        for (int seed = 0; seed < iterations; seed++)
        {
            try
            {
                // A scenario that deadlocks fails in two real seconds rather than hanging the suite.
                Asyncio.Run(scenario(new Random(seed)), loopFactory: () => new EventLoop(new VirtualClock { DeadlockTimeout = TimeSpan.FromSeconds(2) }));
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{name}: seed {seed} failed: {e}");
            }
        }
    }

    /// <summary>Waits a random while: some iterations of the loop (sleep(0)), or a random virtual time.</summary>
    public static async Coroutine Pause(Random random)
    {
        if (random.Next(3) == 0)
        {
            for (int i = random.Next(3); i > 0; i--)
            {
                await Asyncio.Sleep(0);
            }
        }
        else
        {
            await Asyncio.Sleep(random.Next(5) * 0.001);
        }
    }

    /// <summary>Cancels random victims at random moments.</summary>
    public static async Coroutine Cancel(Random random, IReadOnlyList<AioTask> victims, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Pause(random);
            victims[random.Next(victims.Count)].Cancel();
        }
    }

    /// <summary>
    /// Catches a <see cref="CancelledError"/> and decides at random whether the task goes on (after
    /// withdrawing the request, as asyncio's protocol asks) or lets it end the task.
    /// </summary>
    public static bool Survives(Random random)
    {
        if (random.Next(2) == 0)
        {
            return false;
        }

        Asyncio.CurrentTask()!.Uncancel();
        return true;
    }

    /// <summary>Waits for all tasks, however they end; a task that never ends fails the run (virtual time, so at once).</summary>
    public static async Coroutine Join(IEnumerable<AioTask> tasks) =>
        await Asyncio.WaitFor(Asyncio.Gather(true, tasks.ToArray()), 3600);
}
