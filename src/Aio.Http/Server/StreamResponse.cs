using System.Buffers;
using Aio.Http.Protocol;

namespace Aio.Http.Server;

/// <summary>
/// A response whose body is written piece by piece (aiohttp's <c>web.StreamResponse</c>):
/// <see cref="PrepareAsync"/> sends the head, <see cref="WriteAsync"/> sends body bytes (chunked unless
/// <see cref="ContentLength"/> was set, or until close for an HTTP/1.0 client), <see cref="WriteEofAsync"/> ends it.
/// </summary>
public class StreamResponse
{
    private long? _contentLength;
    private bool _chunked;
    private bool _forceClose;
    private BodyMode _mode;
    private long _written;
    private HttpConnection? _connection;

    /// <summary>Creates a response with <paramref name="status"/> (200) and the standard reason phrase unless given.</summary>
    public StreamResponse(int status = 200, string? reason = null, HttpHeaders? headers = null)
    {
        SetStatus(status, reason);
        Headers = headers ?? new HttpHeaders();
    }

    private enum BodyMode
    {
        None,
        Length,
        Chunked,
        UntilClose,
    }

    /// <summary>The status code.</summary>
    public int Status { get; private set; }

    /// <summary>The reason phrase.</summary>
    public string Reason { get; private set; } = string.Empty;

    /// <summary>The header fields sent by <see cref="PrepareAsync"/> (framing fields are set there).</summary>
    public HttpHeaders Headers { get; }

    /// <summary>The <c>Content-Type</c> field.</summary>
    public string? ContentType
    {
        get => Headers["Content-Type"];
        set => Headers["Content-Type"] = value;
    }

    /// <summary>The body length sent as <c>Content-Length</c>; null streams the body chunked.</summary>
    /// <exception cref="InvalidOperationException">Set after <see cref="PrepareAsync"/>.</exception>
    public long? ContentLength
    {
        get => _contentLength;
        set
        {
            ThrowIfPrepared();
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "a content length is not negative");
            }

            _contentLength = value;
        }
    }

    /// <summary>Whether the head has been sent.</summary>
    public bool Prepared => _connection is not null;

    /// <summary>Whether <see cref="WriteEofAsync"/> has run.</summary>
    public bool EofSent { get; private set; }

    /// <summary>Whether the connection may serve another request after this response (known once prepared).</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Whether the body is sent with the chunked transfer coding (after <see cref="EnableChunkedEncoding"/> or by default when no length is known).</summary>
    public bool Chunked => _chunked || _mode == BodyMode.Chunked;

    /// <summary>Body bytes written so far.</summary>
    public long BodyLength => _written;

    /// <summary>Sets the status and reason phrase.</summary>
    /// <exception cref="InvalidOperationException">Called after <see cref="PrepareAsync"/>.</exception>
    public void SetStatus(int status, string? reason = null)
    {
        ThrowIfPrepared();
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        Status = status;
        Reason = reason ?? HttpStatus.GetReason(status);
    }

    /// <summary>Sends the body chunked even if a length is known (aiohttp's <c>enable_chunked_encoding</c>).</summary>
    public void EnableChunkedEncoding()
    {
        ThrowIfPrepared();
        _chunked = true;
    }

    /// <summary>Closes the connection after this response (aiohttp's <c>force_close</c>).</summary>
    public void ForceClose() => _forceClose = true;

    /// <summary>Adds a <c>Set-Cookie</c> field.</summary>
    /// <exception cref="ArgumentException">The name or value holds characters a cookie may not.</exception>
    public void SetCookie(string name, string value, string? path = "/", string? domain = null, TimeSpan? maxAge = null, bool secure = false, bool httpOnly = false, string? sameSite = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Any(c => c is ';' or '=' or ',' or ' ' or '"') || value.Any(c => c is ';' or ',' or ' ' or '"' or '\\'))
        {
            throw new ArgumentException("cookie names and values may not hold ; , = space or quotes (quote or encode them)", nameof(value));
        }

        var text = new System.Text.StringBuilder().Append(name).Append('=').Append(value);
        if (domain is not null)
        {
            text.Append("; Domain=").Append(domain);
        }

        if (maxAge is { } age)
        {
            text.Append("; Max-Age=").Append((long)age.TotalSeconds);
        }

        if (path is not null)
        {
            text.Append("; Path=").Append(path);
        }

        if (sameSite is not null)
        {
            text.Append("; SameSite=").Append(sameSite);
        }

        if (secure)
        {
            text.Append("; Secure");
        }

        if (httpOnly)
        {
            text.Append("; HttpOnly");
        }

        Headers.Add("Set-Cookie", text.ToString());
    }

    /// <summary>Tells the client to delete a cookie.</summary>
    public void DeleteCookie(string name, string? path = "/") => SetCookie(name, string.Empty, path, maxAge: TimeSpan.Zero);

    /// <summary>
    /// Sends the status line and header fields (aiohttp's <c>prepare</c>); does nothing the second time.
    /// </summary>
    /// <remarks>Cancel safety: the head is queued on the transport before the first await; cancelling only stops the wait for the write buffer to drain.</remarks>
    public virtual async Coroutine PrepareAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Prepared)
        {
            return;
        }

        SendHead(request, ReadOnlySpan<byte>.Empty);
        await request.Connection.DrainAsync();
    }

    /// <summary>Sends body bytes (aiohttp's <c>write</c>), waiting while the transport's write buffer is over its high-water mark.</summary>
    /// <exception cref="InvalidOperationException">Called before <see cref="PrepareAsync"/>, after <see cref="WriteEofAsync"/>, or past <see cref="ContentLength"/>.</exception>
    /// <exception cref="IOException">The client is gone.</exception>
    /// <remarks>Cancel safety: the bytes are queued before the first await; cancelling only stops the wait for the buffer to drain.</remarks>
    public async Coroutine WriteAsync(ReadOnlyMemory<byte> data)
    {
        HttpConnection connection = _connection ?? throw new InvalidOperationException("call PrepareAsync before WriteAsync");
        if (EofSent)
        {
            throw new InvalidOperationException("the response body is already complete");
        }

        WriteBody(connection, data.Span);
        connection.Flush();
        await connection.DrainAsync();
    }

    /// <summary>Ends the body (aiohttp's <c>write_eof</c>): the last chunk of a chunked body; optional final bytes first.</summary>
    /// <exception cref="InvalidOperationException">Called before <see cref="PrepareAsync"/>.</exception>
    public async Coroutine WriteEofAsync(ReadOnlyMemory<byte> data = default)
    {
        HttpConnection connection = _connection ?? throw new InvalidOperationException("call PrepareAsync before WriteEofAsync");
        if (EofSent)
        {
            return;
        }

        WriteBody(connection, data.Span);
        FinishBody(connection);
        connection.Flush();
        await connection.DrainAsync();
    }

    /// <summary>Sends the head with <paramref name="body"/> in the same write, and ends the body when it is all of it.</summary>
    internal void SendHead(Request request, ReadOnlySpan<byte> body, bool complete = false)
    {
        HttpConnection connection = request.Connection;
        ThrowIfPrepared();
        bool isHead = request.Method == "HEAD";
        bool bodyless = Status is < 200 or 204 or 304;
        KeepAlive = request.KeepAlive && !_forceClose && !connection.CloseRequested && Status != 101;
        if (bodyless)
        {
            Headers.Remove("Content-Length");
            Headers.Remove("Transfer-Encoding");
            _mode = BodyMode.None;
        }
        else if (_contentLength is { } length && !_chunked)
        {
            Headers.Set("Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Headers.Remove("Transfer-Encoding");
            _mode = isHead ? BodyMode.None : BodyMode.Length;
        }
        else if (request.Version == HttpProtocolVersion.Http11)
        {
            Headers.Set("Transfer-Encoding", "chunked");
            Headers.Remove("Content-Length");
            _mode = isHead ? BodyMode.None : BodyMode.Chunked;
        }
        else
        {
            Headers.Remove("Content-Length");
            KeepAlive = false;
            _mode = isHead ? BodyMode.None : BodyMode.UntilClose;
        }

        if (!KeepAlive && Status != 101)
        {
            Headers.Set("Connection", "close");
        }
        else if (KeepAlive && request.Version == HttpProtocolVersion.Http10)
        {
            Headers.Set("Connection", "keep-alive");
        }

        if (!Headers.Contains("Date"))
        {
            Headers.Add("Date", HttpDate.Now());
        }

        if (connection.Options.ServerHeader is { } server && !Headers.Contains("Server"))
        {
            Headers.Add("Server", server);
        }

        _connection = connection;
        request.Response = this;
        HttpHeadWriter.WriteResponseHead(connection.Out, Status, Reason, Headers, request.Version);
        WriteBody(connection, body);
        if (complete)
        {
            FinishBody(connection);
        }

        connection.Flush();
    }

    private void WriteBody(HttpConnection connection, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _written += data.Length;
        switch (_mode)
        {
            case BodyMode.Length:
                if (_written > _contentLength)
                {
                    throw new InvalidOperationException($"writing past the Content-Length of {_contentLength} bytes");
                }

                connection.Out.Write(data);
                break;
            case BodyMode.Chunked:
                ChunkedEncoder.WriteChunk(connection.Out, data);
                break;
            case BodyMode.UntilClose:
                connection.Out.Write(data);
                break;
        }
    }

    private void FinishBody(HttpConnection connection)
    {
        EofSent = true;
        if (_mode == BodyMode.Chunked)
        {
            ChunkedEncoder.WriteLastChunk(connection.Out);
        }
        else if (_mode == BodyMode.Length && _written != _contentLength)
        {
            // Fewer bytes than announced: the client cannot find the next response, so close.
            KeepAlive = false;
        }
    }

    private void ThrowIfPrepared()
    {
        if (Prepared)
        {
            throw new InvalidOperationException("the response head has already been sent");
        }
    }
}
