// The sync workloads written the way a C# user would today: SemaphoreSlim as an async lock,
// a bounded Channel<T> as the queue, thread-pool tasks.
using System.Diagnostics;
using System.Threading.Channels;
double scale = args.Length > 0 ? double.Parse(args[0]) : 1.0;
int N = (int)(200_000 * scale);
{
    const int Workers = 4;
    var gate = new SemaphoreSlim(1, 1);
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
    {
        for (int i = 0; i < N / Workers; i++)
        {
            await gate.WaitAsync();
            try { await Task.Yield(); } finally { gate.Release(); }
        }
    })));
    Console.WriteLine($"lock_handoffs_per_s {N / sw.Elapsed.TotalSeconds:F0}");
}
{
    var channel = Channel.CreateBounded<int>(100);
    var consumer = Task.Run(async () => { for (int i = 0; i < N; i++) await channel.Reader.ReadAsync(); });
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < N; i++) await channel.Writer.WriteAsync(i);
    await consumer;
    Console.WriteLine($"queue_items_per_s {N / sw.Elapsed.TotalSeconds:F0}");
}
