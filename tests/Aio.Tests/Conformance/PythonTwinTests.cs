using Aio.Tests.Support;

namespace Aio.Tests.Conformance;

/// <summary>Keeps the recorded CPython outputs honest: each twin, run on CPython now, still prints its .out file.</summary>
public class PythonTwinTests
{
    [PythonFact]
    public void EveryTwin_RunOnCPython_PrintsItsRecordedOutput()
    {
        string[] scripts = [.. Directory.GetFiles(Twin.Directory, "*.py"), .. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "extra"), "*.py")];
        Assert.NotEmpty(scripts);
        var suspects = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(scripts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, script =>
        {
            if (Check(script) is not null)
            {
                suspects.Add(script);
            }
        });

        // Twins that print real-time readings can run late when four CPythons share two busy cores: a
        // mismatch counts only if the script, run again on its own, still prints something else.
        string[] failures = [.. suspects.Select(Check).OfType<string>()];
        Assert.Empty(failures);

        static string? Check(string script)
        {
            (int code, string output) = CPython.Run(script, TimeSpan.FromMinutes(2));
            string expected = File.ReadAllText(Path.ChangeExtension(script, ".out"));
            return code != 0 || output != expected ? $"{Path.GetFileName(script)} (exit {code}):\n{output}" : null;
        }
    }
}
