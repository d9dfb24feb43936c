// The db workload as a .NET team writes it without Aio: async/await on the thread pool, the
// provider's own pool (Npgsql's, MySqlConnector's) sized like the others, WORKERS concurrent loops.
//   dotnet_db --url URL [--workers 64] [--pool 10] [--seconds 5]
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Aio.Bench.Data;
using Npgsql;

var o = new Dictionary<string, string> { ["--workers"] = "64", ["--pool"] = "10", ["--seconds"] = "5" };
for (int i = 0; i + 1 < args.Length; i += 2)
{
    o[args[i]] = args[i + 1];
}

var url = new Uri(o["--url"]);
int workers = int.Parse(o["--workers"], CultureInfo.InvariantCulture), size = int.Parse(o["--pool"], CultureInfo.InvariantCulture);
double seconds = double.Parse(o["--seconds"], CultureInfo.InvariantCulture);
string[] user = Uri.UnescapeDataString(url.UserInfo).Split(':', 2);
bool pg = url.Scheme.StartsWith("postgres", StringComparison.Ordinal);
DbDataSource source = pg
    ? NpgsqlDataSource.Create($"Host={url.Host};Port={url.Port};Username={user[0]};Password={(user.Length > 1 ? user[1] : "")};Database={url.AbsolutePath.TrimStart('/')};Minimum Pool Size={size};Maximum Pool Size={size};Max Auto Prepare=10")
    : new MySqlDataSource($"Server={url.Host};Port={url.Port};User ID={user[0]};Password={(user.Length > 1 ? user[1] : "")};Database={url.AbsolutePath.TrimStart('/')};Minimum Pool Size={size};Maximum Pool Size={size}");
string sql = pg ? "SELECT $1::int + 1" : "SELECT @p + 1";
long queries = 0;
bool measuring = false, stop = false;

async Task Worker(int id)
{
    while (!Volatile.Read(ref stop))
    {
        await using DbConnection c = await source.OpenConnectionAsync();
        await using DbCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        DbParameter p = pg ? new NpgsqlParameter { Value = id } : new MySqlParameter("@p", id);
        cmd.Parameters.Add(p);
        long value = Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        if (value != id + 1)
        {
            throw new InvalidOperationException("wrong answer");
        }

        if (Volatile.Read(ref measuring))
        {
            Interlocked.Increment(ref queries);
        }
    }
}

Task[] all = [.. Enumerable.Range(0, workers).Select(i => Task.Run(() => Worker(i)))];
await Task.Delay(TimeSpan.FromSeconds(Math.Min(1.0, seconds / 5)));
long compiled = 0;
for (int i = 0; i < 30 && !ClientCost.JitSettled(ref compiled); i++)
{
    await Task.Delay(500);
}

var process = Process.GetCurrentProcess();
process.Refresh();
TimeSpan cpu0 = process.TotalProcessorTime;
ClientCost start = ClientCost.Now();
var watch = Stopwatch.StartNew();
Volatile.Write(ref measuring, true);
await Task.Delay(TimeSpan.FromSeconds(seconds));
Volatile.Write(ref measuring, false);
double elapsed = watch.Elapsed.TotalSeconds;
ClientCost end = ClientCost.Now();
process.Refresh();
TimeSpan cpu = process.TotalProcessorTime - cpu0;
long counted = Interlocked.Read(ref queries);
Volatile.Write(ref stop, true);
await Task.WhenAll(all);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queries_per_s {counted / elapsed:0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu_us_per_query {cpu.TotalMicroseconds / counted:0.0}"));
ClientCost.Print(start, end, counted);
