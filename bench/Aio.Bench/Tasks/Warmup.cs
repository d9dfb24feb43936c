namespace Aio.Bench.Tasks;

/// <summary>
/// Brings a workload to steady state before it is measured. .NET starts methods in unoptimised
/// tier-0 code and promotes hot ones only after a quiet 100 ms "tiering delay" and 30 calls, so a
/// workload that runs for 30 ms measures tier-0 code (which, for one, boxes struct awaiters the
/// optimised code does not). Blocking the loop thread here is deliberate: it is the pause that lets
/// the runtime's delay expire.
/// </summary>
internal static class Warmup
{
    public static async Coroutine<double> Steady(Func<int, Coroutine<double>> workload, int n)
    {
        await workload(Math.Max(n / 20, 1));
        Thread.Sleep(150);
        for (int i = 0; i < 3; i++)
        {
            await workload(Math.Max(n / 20, 1));
        }

        Thread.Sleep(100);
        return await workload(n);
    }
}
