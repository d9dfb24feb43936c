using System.Diagnostics;

namespace Aio.Tests.Conformance;

/// <summary>
/// The guide's examples, run through the command line exactly as a user would
/// (<c>aio example NAME --virtual-time</c>), print byte for byte what CPython printed.
/// </summary>
public class GuideExampleTests
{
    public static TheoryData<string> Examples()
    {
        var names = new TheoryData<string>();
        foreach (Aio.Samples.Guide.GuideExample example in Aio.Samples.Guide.GuideExamples.Tour)
        {
            names.Add(example.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_OnVirtualTime_PrintsWhatCPythonPrinted(string name)
    {
        string folder = name.StartsWith('x') ? "extra" : "seed";
        string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", folder, name + ".out"));
        string cli = Path.Combine(AppContext.BaseDirectory, "Aio.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "example", name, "--virtual-time"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), $"{name} did not finish");
        Assert.True(process.ExitCode == 0, $"{name} exited with {process.ExitCode}: {stderr.Result}");
        Assert.Equal(expected, stdout.Result);
        Assert.Equal(string.Empty, stderr.Result);
    }

    [Fact]
    public void EverySeedProgram_HasAnExample()
    {
        IEnumerable<string> seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "seed"), "*.py")
            .Select(Path.GetFileNameWithoutExtension)!;
        IEnumerable<string> implemented = Aio.Samples.Guide.GuideExamples.All.Select(e => e.Name);
        Assert.Equal(seeds.Order(), implemented.Order());
    }
}
