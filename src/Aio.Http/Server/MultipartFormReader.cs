using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>Splits a whole <c>multipart/form-data</c> body (RFC 7578) into fields and files.</summary>
internal static class MultipartFormReader
{
    public static FormFields Read(byte[] body, string contentType)
    {
        string boundary = Parameter(contentType, "boundary") ?? throw new HttpBadRequest("multipart/form-data without a boundary");
        byte[] delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        byte[] separator = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        var fields = new MultiDict();
        var files = new List<FormFile>();
        ReadOnlySpan<byte> rest = body;
        if (!rest.StartsWith(delimiter))
        {
            throw new HttpBadRequest("multipart body does not start with its boundary");
        }

        rest = rest[delimiter.Length..];
        while (true)
        {
            if (rest.StartsWith("--"u8))
            {
                break;
            }

            if (!rest.StartsWith("\r\n"u8))
            {
                throw new HttpBadRequest("malformed multipart boundary line");
            }

            rest = rest[2..];
            int headEnd = rest.IndexOf("\r\n\r\n"u8);
            if (headEnd < 0)
            {
                throw new HttpBadRequest("multipart part without a head");
            }

            var headers = new HttpHeaders();
            try
            {
                HttpFields.ParseAll(rest[..(headEnd + 2)], headers);
            }
            catch (HttpParseException e)
            {
                throw new HttpBadRequest("malformed multipart part head: " + e.Message);
            }

            rest = rest[(headEnd + 4)..];
            int end = rest.IndexOf(separator);
            if (end < 0)
            {
                throw new HttpBadRequest("multipart part without a closing boundary");
            }

            ReadOnlySpan<byte> content = rest[..end];
            rest = rest[(end + separator.Length)..];
            string disposition = headers["Content-Disposition"] ?? throw new HttpBadRequest("multipart part without Content-Disposition");
            string name = Parameter(disposition, "name") ?? throw new HttpBadRequest("multipart part without a name");
            string? fileName = Parameter(disposition, "filename");
            if (fileName is not null)
            {
                files.Add(new FormFile(name, fileName, headers["Content-Type"] ?? "application/octet-stream", content.ToArray()));
            }
            else
            {
                fields.Add(name, Request.EncodingOf(Parameter(headers["Content-Type"], "charset")).GetString(content));
            }
        }

        return new FormFields(fields, files);
    }

    private static string? Parameter(string? header, string name) => HeaderParameters.Get(header, name);
}
