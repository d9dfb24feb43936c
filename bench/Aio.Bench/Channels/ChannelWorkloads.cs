using Aio.Bench.Tasks;

namespace Aio.Bench.Channels;

/// <summary>
/// The workload of <c>bench/peers/channels_anchor.py</c> on Aio: one sender task, one receiver task,
/// 200k messages through a memory channel of capacity 0, 1 and 100; plus the bytes allocated per
/// message in steady state.
/// </summary>
internal static class ChannelWorkloads
{
    public static int Run(string[] args) => Workload.Run(args, All);

    private static async Coroutine All(int n)
    {
        foreach (int capacity in new[] { 0, 1, 100 })
        {
            Workload.Report($"channel_cap{capacity}_msgs_per_s", await Warmup.Steady(m => Measure(capacity, m), n));
        }

        foreach (int capacity in new[] { 0, 100 })
        {
            Workload.Report($"alloc_bytes_per_channel_message_cap{capacity}", await Warmup.Steady(m => Allocation(capacity, m), n));
        }
    }

    private static async Coroutine<double> Measure(int capacity, int n)
    {
        var (send, receive) = Channel.Create<int>(capacity);
        long start = BenchClock.Start();
        AioTask sender = Asyncio.CreateTask(Sender(send, n));
        AioTask<int> receiver = Asyncio.CreateTask(Receiver(receive));
        await sender;
        int count = await receiver;
        double seconds = BenchClock.SecondsSince(start);
        if (count != n)
        {
            throw new InvalidOperationException($"received {count} of {n}");
        }

        return n / seconds;
    }

    /// <summary>Bytes allocated on the loop thread per message, the channel and its two tasks included (amortised over n).</summary>
    private static async Coroutine<double> Allocation(int capacity, int n)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        await Measure(capacity, n);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
    }

    private static async Coroutine Sender(SendChannel<int> send, int n)
    {
        using (send)
        {
            for (int i = 0; i < n; i++)
            {
                await send.SendAsync(i);
            }
        }
    }

    private static async Coroutine<int> Receiver(ReceiveChannel<int> receive)
    {
        int count = 0;
        using (receive)
        {
            await foreach (int _ in receive)
            {
                count++;
            }
        }

        return count;
    }
}
