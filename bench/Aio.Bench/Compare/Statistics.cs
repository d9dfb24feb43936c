namespace Aio.Bench.Compare;

/// <summary>Summary statistics the benchmark reports share.</summary>
internal static class Statistics
{
    /// <summary>The median: the middle value, or the mean of the two middle values for an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
