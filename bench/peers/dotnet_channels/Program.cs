// Channel throughput written the way a C# user would today: System.Threading.Channels, one sender
// task and one receiver task on the thread pool, N messages, capacities 0, 1 and 100 as in
// channels_anchor.py. System.Threading.Channels has no rendezvous channel: "cap0" uses capacity 1.
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

double scale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
int n = (int)(200_000 * scale);
await One(1, n / 20); // warm-up
foreach (int cap in new[] { 0, 1, 100 })
{
    double rate = await One(Math.Max(cap, 1), n);
    Console.WriteLine(FormattableString.Invariant($"channel_cap{cap}_msgs_per_s {rate:F0}"));
}

static async Task<double> One(int capacity, int n)
{
    var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    var sw = Stopwatch.StartNew();
    Task sender = Task.Run(async () =>
    {
        for (int i = 0; i < n; i++)
        {
            await channel.Writer.WriteAsync(i);
        }

        channel.Writer.Complete();
    });
    Task receiver = Task.Run(async () =>
    {
        int count = 0;
        await foreach (int _ in channel.Reader.ReadAllAsync())
        {
            count++;
        }

        if (count != n)
        {
            throw new InvalidOperationException("lost messages");
        }
    });
    await Task.WhenAll(sender, receiver);
    return n / sw.Elapsed.TotalSeconds;
}
