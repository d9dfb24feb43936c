namespace Aio.Tests.Support;

/// <summary>
/// A Python twin: <c>Twins/NAME.py</c> is a CPython program, <c>Twins/NAME.out</c> what CPython printed
/// for it. A C# test runs the same program on Aio and must print the same text.
/// </summary>
internal static class Twin
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Twins");

    public static string Expected(string name) => File.ReadAllText(Path.Combine(Directory, name + ".out"));

    /// <summary>Asserts Aio's output equals CPython's, line for line.</summary>
    public static void AssertSame(string name, IEnumerable<string> lines) =>
        Assert.Equal(Expected(name).TrimEnd('\n'), string.Join('\n', lines));
}
