using System.Diagnostics;
using System.Globalization;

namespace Aio.Bench.Compare;

/// <summary>One implementation of a workload set, run as its own process: Aio itself or a peer.</summary>
internal sealed record Peer(string Name, string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>Runs the process once and parses its <c>name value</c> lines.</summary>
    public Dictionary<string, double> RunOnce(TimeSpan timeout)
    {
        var start = new ProcessStartInfo(FileName, Arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach ((string key, string value) in Environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {FileName}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} exited with {process.ExitCode}: {stderr.Result}");
        }

        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                figures[parts[0]] = value;
            }
        }

        return figures;
    }
}
