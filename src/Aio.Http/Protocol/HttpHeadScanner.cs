namespace Aio.Http.Protocol;

/// <summary>
/// Finds the end of a head in a buffer that grows between calls, enforcing the line-length and
/// field-count limits as bytes arrive, so a slow or hostile peer cannot make the parser hold more than
/// one line past a limit. Each byte is scanned once however the head is split across reads.
/// </summary>
internal struct HttpHeadScanner
{
    private int _scanned;
    private int _lineStart;
    private int _lines;
    private int _headStart;

    /// <summary>Where the head begins in the buffer (after empty lines that preceded a request line).</summary>
    public readonly int HeadStart => _headStart;

    public void Reset() => this = default;

    /// <summary>
    /// Returns the length of the head including its final empty line, or -1 if it is not complete yet.
    /// </summary>
    public int FindEnd(ReadOnlySpan<byte> buffer, HttpParserLimits limits, int firstLineStatus, bool skipLeadingEmptyLines)
    {
        int pos = _scanned;
        while (true)
        {
            int lf = buffer[pos..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                _scanned = buffer.Length;
                // The unfinished line may end in the CR of its CRLF: allow one byte for it.
                CheckLength(buffer.Length - _lineStart - 1, limits, firstLineStatus);
                return -1;
            }

            int end = pos + lf;
            if (end == _lineStart || buffer[end - 1] != (byte)'\r')
            {
                throw new HttpParseException("bare LF as a line end is rejected (lines end in CRLF, RFC 9112 2.2)");
            }

            int length = end - 1 - _lineStart;
            CheckLength(length, limits, firstLineStatus);
            pos = end + 1;
            if (length == 0)
            {
                if (_lines == 0 && skipLeadingEmptyLines && _headStart < 8)
                {
                    // RFC 9112 2.2: a server ignores at least one empty line before the request line.
                    _lineStart = _headStart = pos;
                    continue;
                }

                if (_lines == 0)
                {
                    throw new HttpParseException("empty start line");
                }

                int total = pos;
                Reset();
                return total;
            }

            _lines++;
            if (_lines - 1 > limits.MaxHeaders)
            {
                throw new HttpParseException(431, $"more than {limits.MaxHeaders} header fields");
            }

            _lineStart = pos;
        }
    }

    private readonly void CheckLength(int length, HttpParserLimits limits, int firstLineStatus)
    {
        if (_lines == 0 && length > limits.MaxLineSize)
        {
            throw new HttpParseException(firstLineStatus, $"start line longer than {limits.MaxLineSize} bytes");
        }

        if (_lines > 0 && length > limits.MaxFieldSize)
        {
            throw new HttpParseException(431, $"header field longer than {limits.MaxFieldSize} bytes");
        }
    }
}
