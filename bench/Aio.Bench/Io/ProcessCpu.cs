using System.Globalization;

namespace Aio.Bench.Io;

/// <summary>A process's CPU time (user + system, all threads) from <c>/proc/PID/stat</c>, as run_echo_anchors.sh reads it.</summary>
internal static class ProcessCpu
{
    private static readonly double s_ticksPerSecond = 100; // CLK_TCK is 100 on every Linux .NET runs on.

    public static double Seconds(int pid)
    {
        (double user, double system) = Split(pid);
        return user + system;
    }

    /// <summary>User and system CPU seconds separately: the user part is what a framework adds above the kernel.</summary>
    public static (double User, double System) Split(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may contain spaces.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime / s_ticksPerSecond, stime / s_ticksPerSecond);
    }
}
