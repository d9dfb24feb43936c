namespace Aio;

/// <summary>
/// What the loop's exception handler is told about an error nobody else could catch: asyncio's
/// context dictionary, with its usual keys as properties and the rest in <see cref="Extra"/>.
/// </summary>
public sealed class ExceptionContext
{
    /// <summary>Creates a context with a message.</summary>
    public ExceptionContext(string message)
    {
        Message = message;
    }

    /// <summary>What happened, in words (asyncio's <c>'message'</c>).</summary>
    public string Message { get; }

    /// <summary>The exception, if there is one (asyncio's <c>'exception'</c>).</summary>
    public Exception? Exception { get; init; }

    /// <summary>The future or task concerned (asyncio's <c>'future'</c>).</summary>
    public Future? Future { get; init; }

    /// <summary>The task concerned (asyncio's <c>'task'</c>).</summary>
    public AioTask? Task { get; init; }

    /// <summary>The callback handle concerned (asyncio's <c>'handle'</c>).</summary>
    public Handle? Handle { get; init; }

    /// <summary>Other keys, such as <c>transport</c>, <c>protocol</c> or <c>socket</c>.</summary>
    public IDictionary<string, object?> Extra { get; } = new Dictionary<string, object?>();

    /// <summary>Formats the context as asyncio's default handler logs it: the message, then one line per key.</summary>
    public override string ToString()
    {
        var lines = new List<string> { Message };
        if (Future is not null)
        {
            lines.Add($"future: {Future}");
        }

        if (Task is not null && !ReferenceEquals(Task, Future))
        {
            lines.Add($"task: {Task}");
        }

        if (Handle is not null)
        {
            lines.Add($"handle: {Handle}");
        }

        foreach (KeyValuePair<string, object?> pair in Extra.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            lines.Add($"{pair.Key}: {pair.Value}");
        }

        return string.Join('\n', lines);
    }
}
