using System.Buffers;
using System.Globalization;
using Aio.Http.Protocol;

namespace Aio.Http.Client;

/// <summary>Sends a request head through the shared head writer, with the framing fields its body needs.</summary>
internal static class RequestWriter
{
    /// <summary>Methods that carry a body by convention, so an empty one is sent as <c>Content-Length: 0</c>.</summary>
    private static bool ExpectsBody(string method) => method is "POST" or "PUT" or "PATCH";

    /// <summary>
    /// Writes the request line and header fields; returns whether the body goes chunked.
    /// </summary>
    /// <exception cref="ArgumentException">A header name that is not a token, or a value with CR, LF or NUL (header injection).</exception>
    internal static bool WriteHead(ClientConnection connection, ClientRequest request)
    {
        var fields = new HttpHeaders(request.Headers);
        if (!fields.Contains("Host"))
        {
            fields.Set("Host", UrlBuilder.HostHeader(request.Url));
        }

        fields.Remove("Content-Length");
        fields.Remove("Transfer-Encoding");
        bool chunked = false;
        if (request.Body is Payload body)
        {
            if (!fields.Contains("Content-Type") && body.ContentType is string ct)
            {
                fields.Set("Content-Type", ct);
            }

            if (body.Length is long length)
            {
                fields.Set("Content-Length", length.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                fields.Set("Transfer-Encoding", "chunked");
                chunked = true;
            }
        }
        else if (ExpectsBody(request.Method))
        {
            fields.Set("Content-Length", "0");
        }

        var head = new ArrayBufferWriter<byte>(512);
        HttpHeadWriter.WriteRequestHead(head, request.Method, UrlBuilder.Target(request.Url), fields);
        connection.Write(head.WrittenSpan);
        return chunked;
    }
}
