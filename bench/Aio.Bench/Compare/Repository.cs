namespace Aio.Bench.Compare;

/// <summary>Finds the repository root (the folder holding <c>Aio.slnx</c>) from the benchmark's location.</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aio.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Aio.slnx) above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;
}
