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
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(scripts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, script =>
        {
            (int code, string output) = CPython.Run(script, TimeSpan.FromMinutes(2));
            string expected = File.ReadAllText(Path.ChangeExtension(script, ".out"));
            if (code != 0 || output != expected)
            {
                failures.Add($"{Path.GetFileName(script)} (exit {code}):\n{output}");
            }
        });
        Assert.Empty(failures);
    }
}
