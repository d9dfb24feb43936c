using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Aio.Cli;

namespace Aio.Tests.Samples;

/// <summary>The <c>aio</c> command line as a user meets it: numbered tour, honest durations, errors with the usage.</summary>
public class CommandLineTests
{
    private static (int Exit, string Out, string Err) RunAio(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Aio.Cli.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"aio {string.Join(' ', args)} did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Tour_NumbersEachExample_ReportsItsTime_AndEndsWithAClosingLine()
    {
        (int exit, string output, string error) = RunAio("tour", "--virtual-time");
        Assert.True(exit == 0, error);
        var examples = global::Aio.Samples.Guide.GuideExamples.Tour.ToList();
        for (int i = 0; i < examples.Count; i++)
        {
            Assert.Contains($"== [{i + 1}/{examples.Count}] {examples[i].Name}: {examples[i].Title}\n", output, StringComparison.Ordinal);
        }

        // Each example's declared real-time duration (what the tour announces) is what it takes on the virtual clock.
        string[] measured = [.. Regex.Matches(output, @"^-- ([0-9.]+) s of virtual time$", RegexOptions.Multiline).Select(m => m.Groups[1].Value)];
        Assert.Equal(examples.Select(e => e.Seconds.ToString("0.0", CultureInfo.InvariantCulture)), measured);
        Assert.Matches(@$"Tour finished: {examples.Count} examples, [0-9.]+ s of virtual time in [0-9.]+ s\.\n$", output);
    }

    [Theory]
    [InlineData("tour", "--bogus")]
    [InlineData("bogus")]
    [InlineData("example")]
    [InlineData("list", "extra")]
    [InlineData("echo-server", "--port")]
    public void BadArguments_AreAnError_WithTheUsage(params string[] args)
    {
        (int exit, string output, string error) = RunAio(args);
        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("aio: ", error, StringComparison.Ordinal);
        Assert.Contains("usage:\n  aio ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownExample_IsAnError_ListingTheExamples()
    {
        (int exit, _, string error) = RunAio("example", "s99_nothing");
        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("no example named 's99_nothing'", error, StringComparison.Ordinal);
        Assert.Contains("  s01_fetch_data\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsEveryCommand_FromTheSameTableThatParses()
    {
        (int exit, string output, _) = RunAio("--help");
        Assert.Equal(0, exit);
        foreach (Command command in CommandLine.Commands)
        {
            Assert.Contains($"  aio {command.Name}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WaitingIndicator_ShowsQuietStretches_AndEndsTheLineWhenOutputResumes()
    {
        var now = TimeSpan.Zero;
        var error = new StringWriter();
        var indicator = new WaitingIndicator(error, () => now);
        now = TimeSpan.FromSeconds(1);
        indicator.Tick();
        Assert.Equal(string.Empty, error.ToString());
        now = TimeSpan.FromSeconds(2);
        indicator.Tick();
        now = TimeSpan.FromSeconds(3.1);
        indicator.Tick();
        Assert.Equal("(waiting....", error.ToString());
        indicator.OnOutput();
        Assert.Equal("(waiting....)" + Environment.NewLine, error.ToString());
        now = TimeSpan.FromSeconds(3.5);
        indicator.Tick();
        indicator.Dispose();
        Assert.Equal("(waiting....)" + Environment.NewLine, error.ToString());
    }
}
