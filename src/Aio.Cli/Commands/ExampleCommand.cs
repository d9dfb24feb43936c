using Aio.Samples.Guide;

namespace Aio.Cli;

/// <summary><c>aio example NAME</c>: one example, printing exactly what its Python program prints.</summary>
internal static class ExampleCommand
{
    public static int Run(Invocation invocation)
    {
        string name = invocation.Arguments[0];
        if (DbExampleCommand.Examples.TryGetValue(name, out Action<string>? server))
        {
            return DbExampleCommand.Run(invocation, server);
        }

        if (invocation.Options.ContainsKey("--url"))
        {
            invocation.Error.WriteLine($"aio: example '{name}' takes no --url; only {string.Join(" and ", DbExampleCommand.Examples.Keys)} do");
            return CommandLine.UsageError;
        }

        if (GuideExamples.Find(name) is not { } example)
        {
            invocation.Error.WriteLine($"aio: no example named '{name}'; these exist:");
            foreach (string e in GuideExamples.Tour.Select(e => e.Name).Concat(DbExampleCommand.Examples.Keys))
            {
                invocation.Error.WriteLine($"  {e}");
            }

            return CommandLine.UsageError;
        }

        example.Run();
        return 0;
    }
}
