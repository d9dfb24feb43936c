using System.Diagnostics;
using System.Globalization;
using Aio.Data;

namespace Aio.Bench.Data;

/// <summary>
/// <c>db</c>: WORKERS tasks share a pool of POOL connections and run <c>SELECT $1::int + 1</c> (or
/// <c>%s</c> for MySQL) back to back for SECONDS; prints <c>queries_per_s</c> and the client's CPU time
/// per query (<c>cpu_us_per_query</c>, user+system of this process), split by thread kind, with
/// context switches and managed bytes allocated per query (<see cref="ClientCost"/>).
/// </summary>
internal static class DbWorkload
{
    public static int Run(string[] args)
    {
        if (DbOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine("usage: Aio.Bench db --url URL [--workers 64] [--pool 10] [--seconds 5]");
            return 2;
        }

        (long queries, double elapsed, TimeSpan cpu, ClientCost start, ClientCost end) = Asyncio.Run(Measure(options));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queries_per_s {queries / elapsed:0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu_us_per_query {cpu.TotalMicroseconds / queries:0.0}"));
        ClientCost.Print(start, end, queries);
        return 0;
    }

    private static async Coroutine<(long, double, TimeSpan, ClientCost, ClientCost)> Measure(DbOptions options)
    {
        await using AioPool pool = await AioDb.CreatePoolAsync(options.Url, options.Pool, options.Pool);
        long queries = 0;
        bool measuring = false, stop = false;
        async Coroutine Worker(int id)
        {
            while (!stop)
            {
                await using AioConnection c = await pool.AcquireAsync();
                long value = await c.FetchValAsync<long>(options.Query, id);
                if (value != id + 1)
                {
                    throw new InvalidOperationException($"wrong answer {value} for {id}");
                }

                if (measuring)
                {
                    queries++;
                }
            }
        }

        AioTask[] workers = [.. Enumerable.Range(0, options.Workers).Select(i => Asyncio.CreateTask(Worker(i)))];
        await Asyncio.Sleep(Math.Min(1.0, options.Seconds / 5)); // warm-up: JIT, connections, prepared plans
        long compiled = 0;
        for (int i = 0; i < 30 && !ClientCost.JitSettled(ref compiled); i++)
        {
            await Asyncio.Sleep(0.5);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan cpu0 = process.TotalProcessorTime;
        ClientCost start = ClientCost.Now();
        var watch = Stopwatch.StartNew();
        measuring = true;
        await Asyncio.Sleep(options.Seconds);
        measuring = false;
        double elapsed = watch.Elapsed.TotalSeconds;
        ClientCost end = ClientCost.Now();
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpu0;
        long counted = queries;
        stop = true;
        await Asyncio.Gather(workers);
        return (counted, elapsed, cpu, start, end);
    }
}
