using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Aio.Analyzers.Tests;

/// <summary>
/// Runs AIO0001 and its code fix over C# source that references the real Aio assembly and the running .NET
/// runtime's assemblies (so nothing is downloaded: the testing library's default reference packs come from NuGet).
/// </summary>
internal static class Verify
{
    private static readonly ImmutableArray<MetadataReference> s_references = LoadReferences();

    /// <summary>Source every test starts from: Aio and the usual namespaces in scope.</summary>
    public const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Aio;

        """;

    public static Task Analyzer(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<ForeignAwaitWithoutTokenAnalyzer, DefaultVerifier> { TestCode = Usings + source };
        Configure(test);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task CodeFix(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new CSharpCodeFixTest<ForeignAwaitWithoutTokenAnalyzer, PassCancellationTokenCodeFix, DefaultVerifier>
        {
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
        };
        Configure(test);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>An expected AIO0001 at markup location <paramref name="markupKey"/> (<c>{|#0:...|}</c>).</summary>
    public static DiagnosticResult Aio0001(int markupKey, string api, string coroutine) =>
        new DiagnosticResult(ForeignAwaitWithoutTokenAnalyzer.DiagnosticId, DiagnosticSeverity.Warning)
            .WithLocation(markupKey)
            .WithArguments(api, coroutine);

    private static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(s_references);
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (string path in Directory.EnumerateFiles(runtime, "*.dll"))
        {
            // The shared framework's implementation assemblies (System.Private.* included: the facades forward to them).
            if (Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }
        references.Add(MetadataReference.CreateFromFile(typeof(Aio.Coroutine).Assembly.Location));
        references.Add(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location));
        return references.ToImmutable();
    }
}
