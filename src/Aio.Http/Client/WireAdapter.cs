namespace Aio.Http.Client;

/// <summary>Plugs the shared HTTP/1.1 parser of Protocol/ into the client (see <see cref="IResponseWire"/>).</summary>
internal sealed class WireAdapter : IResponseWire
{
    internal static readonly WireAdapter Instance = new();

    public ResponseHead? TryParseHead(ReadOnlySpan<byte> data, out int consumed) =>
        throw new NotSupportedException("The shared response parser is not merged yet");

    public IChunkedBody NewChunkedBody() =>
        throw new NotSupportedException("The shared response parser is not merged yet");
}
