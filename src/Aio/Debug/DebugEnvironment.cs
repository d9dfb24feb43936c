namespace Aio;

/// <summary>
/// Debug mode from the environment: <c>AIO_DEBUG</c>, or Python's <c>PYTHONASYNCIODEBUG</c> so that a
/// team moving from asyncio keeps its habit. Like Python, any non-empty value turns it on, except
/// <c>0</c> (Aio also accepts <c>false</c> as off).
/// </summary>
internal static class DebugEnvironment
{
    /// <summary>Read once per process, as Python reads it once at start-up.</summary>
    public static bool Requested { get; } = IsOn(Environment.GetEnvironmentVariable("AIO_DEBUG")) || IsOn(Environment.GetEnvironmentVariable("PYTHONASYNCIODEBUG"));

    internal static bool IsOn(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim() != "0" && !value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
}
