namespace Aio.Http.Protocol;

/// <summary>
/// The <c>await foreach</c> over a body shared by the client's <c>ResponseContent</c> and the server's
/// <c>RequestContent</c>: asks for the next chunk until an empty one marks the end.
/// </summary>
internal static class BodyChunks
{
    /// <summary>Yields the chunks <paramref name="next"/> returns, until it returns an empty one.</summary>
    public static async IAsyncEnumerator<ReadOnlyMemory<byte>> EnumerateAsync(Func<Coroutine<ReadOnlyMemory<byte>>> next, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlyMemory<byte> chunk = await next();
            if (chunk.IsEmpty)
            {
                yield break;
            }

            yield return chunk;
        }
    }
}
