namespace Aio.Http.Protocol;

/// <summary>
/// Decodes one message body from the bytes after its head: a Content-Length body, a chunked body
/// (RFC 9112 section 7.1, with extensions skipped and trailers kept) or a body that runs until close.
/// </summary>
/// <remarks>
/// <para>Call <see cref="Decode"/> with the unconsumed bytes; it returns how many it consumed and the
/// body bytes found among them (a slice of the input, never copied). A chunk-size or trailer line that
/// is not complete yet is left unconsumed: call again with it and more bytes. Loop until it consumes
/// nothing or <see cref="IsComplete"/>; bytes after the body belong to the next message.</para>
/// <para>Chunk sizes are hex digits only (no sign, no whitespace, no <c>0x</c>), at most 15 digits so
/// that they cannot overflow; the CRLF after each chunk's data is required.</para>
/// </remarks>
public sealed class HttpBodyDecoder
{
    private readonly HttpBodyFraming _framing;
    private readonly HttpParserLimits _limits;
    private long _remaining;
    private State _state;
    private int _trailerCount;

    /// <summary>Creates a decoder for a body framed as <paramref name="framing"/>.</summary>
    /// <param name="framing">How the body is delimited.</param>
    /// <param name="contentLength">The body's length for <see cref="HttpBodyFraming.ContentLength"/>; ignored otherwise.</param>
    /// <param name="limits">Limits on chunk-size lines and trailers (defaults when null).</param>
    public HttpBodyDecoder(HttpBodyFraming framing, long contentLength = -1, HttpParserLimits? limits = null)
    {
        if (framing == HttpBodyFraming.ContentLength)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        }

        _framing = framing;
        _limits = limits ?? HttpParserLimits.Default;
        _remaining = framing == HttpBodyFraming.ContentLength ? contentLength : 0;
        _state = framing switch
        {
            HttpBodyFraming.None => State.Done,
            HttpBodyFraming.ContentLength when contentLength == 0 => State.Done,
            HttpBodyFraming.ContentLength => State.Data,
            HttpBodyFraming.Chunked => State.Size,
            _ => State.UntilClose,
        };
    }

    private enum State
    {
        Size,
        Data,
        DataEnd,
        Trailers,
        UntilClose,
        Done,
    }

    /// <summary>Whether the whole body has been decoded.</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>Body bytes decoded so far.</summary>
    public long BytesDecoded { get; private set; }

    /// <summary>The trailer fields of a chunked body, once complete (null if none were sent).</summary>
    public HttpHeaders? Trailers { get; private set; }

    /// <summary>
    /// Consumes bytes of <paramref name="input"/>; <paramref name="data"/> is the body bytes among them
    /// (a slice of <paramref name="input"/>, possibly empty).
    /// </summary>
    /// <exception cref="HttpParseException">The chunked framing is malformed or passes a limit.</exception>
    public int Decode(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> data)
    {
        data = default;
        switch (_state)
        {
            case State.Data:
                int take = (int)Math.Min(_remaining, input.Length);
                data = input[..take];
                _remaining -= take;
                BytesDecoded += take;
                if (_remaining == 0)
                {
                    _state = _framing == HttpBodyFraming.Chunked ? State.DataEnd : State.Done;
                }

                return take;
            case State.UntilClose:
                data = input;
                BytesDecoded += input.Length;
                return input.Length;
            case State.Size:
                return ReadSizeLine(input);
            case State.DataEnd:
                if (input.Length < 2)
                {
                    if (input.Length == 1 && input[0] != '\r')
                    {
                        throw new HttpParseException("chunk data not followed by CRLF");
                    }

                    return 0;
                }

                if (input[0] != '\r' || input[1] != '\n')
                {
                    throw new HttpParseException("chunk data not followed by CRLF");
                }

                _state = State.Size;
                return 2;
            case State.Trailers:
                return ReadTrailerLine(input);
            default:
                return 0;
        }
    }

    /// <summary>
    /// Tells the decoder the connection ended: completes a body that runs until close, and raises for a
    /// body cut short.
    /// </summary>
    /// <exception cref="HttpParseException">The body was not complete.</exception>
    public void EndOfInput()
    {
        if (_state == State.UntilClose)
        {
            _state = State.Done;
        }
        else if (_state != State.Done)
        {
            throw new HttpParseException("the connection closed before the end of the body");
        }
    }

    private int ReadSizeLine(ReadOnlySpan<byte> input)
    {
        int lf = input.IndexOf((byte)'\n');
        if (lf < 0)
        {
            if (input.Length > _limits.MaxChunkLineSize)
            {
                throw new HttpParseException("chunk-size line too long");
            }

            CheckSizeDigits(input.Length > 0 && input[^1] == '\r' ? input[..^1] : input);
            return 0;
        }

        if (lf == 0 || input[lf - 1] != '\r')
        {
            throw new HttpParseException("chunk-size line not ended by CRLF");
        }

        ReadOnlySpan<byte> line = input[..(lf - 1)];
        int digits = CheckSizeDigits(line);
        if (digits == 0)
        {
            throw new HttpParseException("missing chunk size");
        }

        if (digits < line.Length)
        {
            CheckExtensions(line[digits..]);
        }

        long size = 0;
        foreach (byte c in line[..digits])
        {
            size = (size << 4) | (long)HexValue(c);
        }

        _remaining = size;
        _state = size == 0 ? State.Trailers : State.Data;
        return lf + 1;
    }

    private static int CheckSizeDigits(ReadOnlySpan<byte> line)
    {
        int digits = 0;
        while (digits < line.Length && HexValue(line[digits]) >= 0)
        {
            digits++;
        }

        if (digits > 15)
        {
            throw new HttpParseException("chunk size overflows");
        }

        if (digits < line.Length && line[digits] != ';')
        {
            throw new HttpParseException($"invalid character 0x{line[digits]:x2} in a chunk size");
        }

        return digits;
    }

    private static void CheckExtensions(ReadOnlySpan<byte> extensions)
    {
        // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-value ] ): skipped, but no CR or controls.
        foreach (byte c in extensions)
        {
            if (!HttpChars.IsFieldValue(c))
            {
                throw new HttpParseException($"invalid character 0x{c:x2} in a chunk extension");
            }
        }
    }

    private int ReadTrailerLine(ReadOnlySpan<byte> input)
    {
        int lf = input.IndexOf((byte)'\n');
        if (lf < 0)
        {
            if (input.Length > _limits.MaxFieldSize)
            {
                throw new HttpParseException(431, "trailer field too long");
            }

            return 0;
        }

        if (lf == 0 || input[lf - 1] != '\r')
        {
            throw new HttpParseException("trailer line not ended by CRLF");
        }

        if (lf == 1)
        {
            _state = State.Done;
            return 2;
        }

        if (++_trailerCount > _limits.MaxHeaders)
        {
            throw new HttpParseException(431, "too many trailer fields");
        }

        ReadOnlySpan<byte> line = input[..(lf - 1)];
        if (line.IndexOf((byte)'\r') >= 0)
        {
            throw new HttpParseException("bare CR in a trailer field");
        }

        HttpFieldParser.ParseField(line, Trailers ??= new HttpHeaders());
        return lf + 1;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
