// Anchor: a million waiting tasks (issue 12) written the way a C# user would today: N async
// methods that each await Task.Delay(random 0-10 s) on the thread pool, then finish. Real clock
// only (a virtual Task.Delay needs a TimeProvider driven from outside, which is another program).
using System.Diagnostics;
int N = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
const double Span = 10.0;
long Kib(string field) => long.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith(field + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

var rnd = new Random(1);
var delays = new double[N];
for (int i = 0; i < N; i++) delays[i] = rnd.NextDouble() * Span;
var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
int finished = 0;
long latenessTicks = 0;
long lastDeadline = 0;
var clock = Stopwatch.StartNew();

GC.Collect();
long rssBefore = Kib("VmRSS");
long t0 = clock.ElapsedTicks;
for (int i = 0; i < N; i++) _ = Sleeper(delays[i]);
long t1 = clock.ElapsedTicks;
long rssSpawned = Kib("VmRSS");
await done.Task;
long t2 = clock.ElapsedTicks;
double S(long ticks) => ticks / (double)Stopwatch.Frequency;
Console.WriteLine($"peak_rss_mib {Kib("VmHWM") / 1024.0:F1}");
Console.WriteLine($"bytes_per_waiting_task {(rssSpawned - rssBefore) * 1024 / N}");
Console.WriteLine($"spawn_tasks_per_s {N / S(t1 - t0):F0}");
// A loop that keeps up ends 10 s after the last spawn whatever its speed: lateness is the figure.
Console.WriteLine($"mean_lateness_ms {S(Interlocked.Read(ref latenessTicks)) / N * 1000:F2}");
Console.WriteLine($"last_wakeup_late_ms {S(t2 - Interlocked.Read(ref lastDeadline)) * 1000:F2}");
Console.WriteLine($"total_s {S(t2 - t0):F2}");

async Task Sleeper(double d)
{
    long deadline = clock.ElapsedTicks + (long)(d * Stopwatch.Frequency);
    for (long seen = Interlocked.Read(ref lastDeadline); deadline > seen; seen = Interlocked.Read(ref lastDeadline))
    {
        if (Interlocked.CompareExchange(ref lastDeadline, deadline, seen) == seen) break;
    }
    await Task.Delay(TimeSpan.FromSeconds(d));
    Interlocked.Add(ref latenessTicks, clock.ElapsedTicks - deadline);
    if (Interlocked.Increment(ref finished) == N) done.SetResult();
}
