using Aio.Samples.Guide;

namespace Aio.Cli;

/// <summary><c>aio list</c>: every example's name and heading, in tour order.</summary>
internal static class ListCommand
{
    public static int Run(Invocation invocation)
    {
        foreach (GuideExample e in GuideExamples.Tour)
        {
            invocation.Out.WriteLine($"{e.Name,-28} {e.Title}");
        }

        return 0;
    }
}
