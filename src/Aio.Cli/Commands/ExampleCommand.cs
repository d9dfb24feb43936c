using Aio.Samples.Guide;

namespace Aio.Cli;

/// <summary><c>aio example NAME</c>: one example, printing exactly what its Python program prints.</summary>
internal static class ExampleCommand
{
    public static int Run(Invocation invocation)
    {
        string name = invocation.Arguments[0];
        if (GuideExamples.Find(name) is not { } example)
        {
            invocation.Error.WriteLine($"aio: no example named '{name}'; these exist:");
            foreach (GuideExample e in GuideExamples.Tour)
            {
                invocation.Error.WriteLine($"  {e.Name}");
            }

            return CommandLine.UsageError;
        }

        example.Run();
        return 0;
    }
}
