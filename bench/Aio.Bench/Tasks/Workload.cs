using System.Globalization;

namespace Aio.Bench.Tasks;

/// <summary>The shared entry of the workload commands: <c>[SCALE]</c> times the anchors' 200k, run on a fresh loop.</summary>
internal static class Workload
{
    public static int Run(string[] args, Func<int, Coroutine> all)
    {
        double scale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
        Asyncio.Run(all((int)(200_000 * scale)));
        return 0;
    }

    /// <summary>Prints one figure as the anchors do: <c>name value</c>.</summary>
    public static void Report(string name, double value) =>
        Console.WriteLine(FormattableString.Invariant($"{name} {value:0.###}"));
}
