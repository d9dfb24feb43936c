namespace Aio.Http.Client;

/// <summary>What makes two connections interchangeable: the same host, port and security.</summary>
/// <param name="Host">The host name as in the URL (lower case).</param>
/// <param name="Port">The TCP port.</param>
/// <param name="IsTls">Whether the connection runs TLS (https).</param>
internal readonly record struct ConnectionKey(string Host, int Port, bool IsTls)
{
    public override string ToString() => $"{(IsTls ? "https" : "http")}://{Host}:{Port}";
}
