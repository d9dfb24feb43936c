using System.Diagnostics;
using System.Globalization;
using Aio.Samples.Guide;

namespace Aio.Cli;

/// <summary>
/// <c>aio tour</c>: every example in order under a numbered heading. In real time it first says how long
/// that takes and how to skip the waiting (<c>--virtual-time</c>); while an example sleeps without printing,
/// a <see cref="WaitingIndicator"/> on standard error shows that it is waiting, not stuck; a closing line
/// says how long it all took.
/// </summary>
internal static class TourCommand
{
    public static int Run(Invocation invocation)
    {
        GuideExample[] examples = [.. GuideExamples.Tour];
        TextWriter output = invocation.Out;
        double expected = examples.Sum(e => e.Seconds);
        if (invocation.VirtualTime is null)
        {
            output.WriteLine($"The tour runs {examples.Length} examples in real time, as the guide's programs do: about {Math.Round(expected).ToString(CultureInfo.InvariantCulture)} s.");
            output.WriteLine("`aio tour --virtual-time` runs the same examples on the virtual clock, in a moment.");
            output.WriteLine();
        }

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < examples.Length; i++)
        {
            GuideExample example = examples[i];
            output.WriteLine($"== [{i + 1}/{examples.Length}] {example.Name}: {example.Title}");
            output.Flush();
            if (invocation.VirtualTime is null)
            {
                using var waiting = WaitingIndicator.Start(invocation.Error);
                example.Run();
            }
            else
            {
                TimeSpan before = invocation.VirtualTime.Elapsed;
                example.Run();
                output.WriteLine($"-- {Seconds((invocation.VirtualTime.Elapsed - before).TotalSeconds)} of virtual time");
            }

            output.WriteLine();
        }

        output.WriteLine(invocation.VirtualTime is { } policy
            ? $"Tour finished: {examples.Length} examples, {Seconds(policy.Elapsed.TotalSeconds)} of virtual time in {Seconds(clock.Elapsed.TotalSeconds)}."
            : $"Tour finished: {examples.Length} examples in {Seconds(clock.Elapsed.TotalSeconds)}.");
        return 0;
    }

    private static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
