namespace Aio;

/// <summary>
/// The stream ended before a read could be satisfied (asyncio's <c>IncompleteReadError</c>, an
/// <c>EOFError</c>; here an <see cref="EndOfStreamException"/>). <see cref="Partial"/> holds what was read.
/// </summary>
public sealed class IncompleteReadError : EndOfStreamException
{
    /// <summary>Creates the error for <paramref name="partial"/> bytes read of <paramref name="expected"/> (null: until a separator).</summary>
    public IncompleteReadError(byte[] partial, int? expected)
        : base($"{partial?.Length ?? 0} bytes read on a total of {(expected is int n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "undefined")} expected bytes")
    {
        Partial = partial ?? [];
        Expected = expected;
    }

    /// <summary>The bytes read before the end of the stream (asyncio's <c>partial</c>).</summary>
    public byte[] Partial { get; }

    /// <summary>How many bytes were expected, or null when reading up to a separator (asyncio's <c>expected</c>).</summary>
    public int? Expected { get; }
}
