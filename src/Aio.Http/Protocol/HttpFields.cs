namespace Aio.Http.Protocol;

/// <summary>Splits a block of CRLF-terminated field lines and parses each.</summary>
internal static class HttpFields
{
    /// <summary>Parses <paramref name="fields"/> (every line ends in CRLF; the final empty line excluded).</summary>
    public static void ParseAll(ReadOnlySpan<byte> fields, HttpHeaders headers)
    {
        while (!fields.IsEmpty)
        {
            int cr = fields.IndexOf((byte)'\r');
            if (cr < 0 || cr + 1 >= fields.Length || fields[cr + 1] != '\n')
            {
                throw new HttpParseException("bare CR in a header field line");
            }

            HttpFieldParser.ParseField(fields[..cr], headers);
            fields = fields[(cr + 2)..];
        }
    }
}
