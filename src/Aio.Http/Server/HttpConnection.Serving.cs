using System.Buffers;
using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.Server;

internal sealed partial class HttpConnection
{
    private async Coroutine ServeAsync()
    {
        try
        {
            bool first = true;
            while (!_lost && !_detached)
            {
                HttpRequestHead? head = await ReadHeadAsync(first);
                first = false;
                if (head is null || !await HandleAsync(head))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is not CancelledError)
        {
            if (!_lost)
            {
                _loop!.CallExceptionHandler(new ExceptionContext("Aio.Http: error serving a connection") { Exception = e });
            }
        }
        finally
        {
            CancelTimer();
            if (!_detached)
            {
                if (_lingerOnClose)
                {
                    await LingerAsync();
                }

                Transport?.Close();
            }
        }
    }

    /// <summary>
    /// After an error response, half-closes and reads (dropping) what the client still sends for a
    /// moment: closing a socket with unread input makes the kernel send a reset, which can destroy the
    /// error response before the client reads it.
    /// </summary>
    private async Coroutine LingerAsync()
    {
        if (_lost || Transport is null || Transport.IsClosing || !Transport.CanWriteEof())
        {
            return;
        }

        try
        {
            Transport.WriteEof();
            _timer?.Cancel();
            _timedOut = false;
            _timer = _loop!.CallLater(LingerSeconds, static state =>
            {
                var self = (HttpConnection)state!;
                self._timedOut = true;
                self.Wake();
            }, this);
            long dropped = 0;
            while (!_lost && !_eof && !_timedOut && dropped < Options.MaxDrainBytes)
            {
                dropped += _end - _start;
                _start = _end = 0;
                await WaitAsync();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
        }
        finally
        {
            CancelTimer();
        }
    }

    /// <summary>Waits for the next request head; null means close (end of stream, timeout, bad head already answered).</summary>
    private async Coroutine<HttpRequestHead?> ReadHeadAsync(bool first)
    {
        StartTimer(first || _end > _start ? TimerKind.Header : TimerKind.Idle);
        while (true)
        {
            if (_end > _start)
            {
                HttpRequestHead? head;
                try
                {
                    head = _parser.TryParse(_buffer.AsSpan(_start, _end - _start), out int consumed);
                    _start += consumed;
                }
                catch (HttpParseException e)
                {
                    CancelTimer();
                    SendError(e.Status, e.Message);
                    return null;
                }

                if (head is not null)
                {
                    CancelTimer();
                    return head;
                }
            }
            else if (CloseRequested)
            {
                return null;
            }

            if (_lost || _eof)
            {
                return null;
            }

            if (_timedOut)
            {
                if (_end > _start)
                {
                    SendError(408, "the request head did not arrive in time");
                }

                return null;
            }

            await WaitAsync();
        }
    }

    /// <summary>Runs the handler for one request and sends its response; returns whether to keep the connection.</summary>
    private async Coroutine<bool> HandleAsync(HttpRequestHead head)
    {
        _handling = true;
        _bodyBroken = false;
        _body = head.Framing == HttpBodyFraming.None ? null : new HttpBodyDecoder(head.Framing, head.ContentLength, Options.ParserLimits);
        _continuePending = head.ExpectContinue && _body is not null && !_body.IsComplete;
        var request = new Request(this, head, _runner.App);
        try
        {
            StreamResponse? response = await RespondAsync(request);
            if (_detached)
            {
                return false;
            }

            if (response is null || _lost)
            {
                return false;
            }

            if (!response.Prepared)
            {
                await response.PrepareAsync(request);
            }

            if (!response.EofSent)
            {
                await response.WriteEofAsync();
            }

            bool keep = response.KeepAlive && !_bodyBroken && !CloseRequested;
            if (keep && _body is not null && !_body.IsComplete)
            {
                keep = await DiscardBodyAsync();
            }

            if (!keep && _body is not null && !_body.IsComplete)
            {
                // Unread input at close would make the kernel reset the connection under the response.
                _lingerOnClose = true;
            }

            return keep && !CloseRequested;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            _handling = false;
            _body = null;
            if (_readPaused && !_lost && !_detached)
            {
                _readPaused = false;
                Transport!.ResumeReading();
            }
        }
    }

    /// <summary>Calls the application; turns exceptions into the response to send (null: abort the connection).</summary>
    private async Coroutine<StreamResponse?> RespondAsync(Request request)
    {
        try
        {
            StreamResponse response = await _runner.App.HandleAsync(request);
            if (!response.Prepared && !_detached)
            {
                // Inside the try: a FileResponse raises 404 or 416 while preparing.
                await response.PrepareAsync(request);
            }

            return response;
        }
        catch (HttpException e) when (request.Response is null)
        {
            if (e is HttpRequestEntityTooLarge)
            {
                _bodyBroken = true;
            }

            Response response = e.ToResponse();
            if (_bodyBroken)
            {
                // The rest of the body is unknown: say so, and close after this response.
                response.ForceClose();
            }

            return response;
        }
        catch (HttpParseException e) when (request.Response is null)
        {
            _bodyBroken = true;
            var response = new Response(e.Message, e.Status);
            response.ForceClose();
            return response;
        }
        catch (IOException)
        {
            return null;
        }
        catch (Exception e) when (e is not CancelledError)
        {
            _loop!.CallExceptionHandler(new ExceptionContext($"Aio.Http: unhandled exception in the handler of {request}") { Exception = e });
            if (request.Response is not null)
            {
                return null;
            }

            var response = new Response("500 Internal Server Error\n\nServer got itself in trouble", 500);
            response.ForceClose();
            return response;
        }
    }

    /// <summary>
    /// Takes a whole Content-Length body that has already arrived in one copy (the common small-body
    /// case: no chunk list, no wait); false when it has not all arrived or reading has begun.
    /// </summary>
    public bool TryTakeBufferedBody(long length, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? body)
    {
        body = null;
        if (_body is null || _body.IsComplete)
        {
            body = [];
            return true;
        }

        if (_continuePending || _body.BytesDecoded != 0 || _end - _start < length)
        {
            return false;
        }

        int used = _body.Decode(_buffer.AsSpan(_start, (int)length), out ReadOnlySpan<byte> data);
        _start += used;
        body = data.ToArray();
        return true;
    }

    /// <summary>The next piece of the current request's body, copied out of the receive buffer; empty at its end.</summary>
    public async Coroutine<ReadOnlyMemory<byte>> ReadBodyChunkAsync()
    {
        HttpBodyDecoder? body = _body;
        if (body is null || body.IsComplete)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (_continuePending)
        {
            _continuePending = false;
            if (!_lost && Transport is { IsClosing: false })
            {
                Transport.Write("HTTP/1.1 100 Continue\r\n\r\n"u8);
            }
        }

        while (true)
        {
            int used;
            ReadOnlyMemory<byte> copy = ReadOnlyMemory<byte>.Empty;
            try
            {
                used = body.Decode(_buffer.AsSpan(_start, _end - _start), out ReadOnlySpan<byte> data);
                if (!data.IsEmpty)
                {
                    copy = data.ToArray();
                }
            }
            catch (HttpParseException)
            {
                _bodyBroken = true;
                throw;
            }

            _start += used;
            if (_readPaused && _end - _start < HighWater / 4)
            {
                _readPaused = false;
                Transport!.ResumeReading();
            }

            if (!copy.IsEmpty || body.IsComplete)
            {
                return copy;
            }

            if (used > 0)
            {
                continue;
            }

            if (_lost || _eof)
            {
                _bodyBroken = true;
                throw new IOException("the client closed the connection before the end of the request body");
            }

            StartTimer(TimerKind.Body);
            try
            {
                await WaitAsync();
            }
            finally
            {
                CancelTimer();
            }

            if (_timedOut && _end == _start)
            {
                _timedOut = false;
                _bodyBroken = true;
                throw new HttpException(408, "the request body did not arrive in time");
            }
        }
    }

    /// <summary>Reads and drops the rest of an unread body so the connection can serve the next request.</summary>
    private async Coroutine<bool> DiscardBodyAsync()
    {
        if (_continuePending)
        {
            // The client waits for a 100 before sending the body it announced: the connection's framing is unknowable.
            return false;
        }

        HttpBodyDecoder body = _body!;
        long limit = body.BytesDecoded + Options.MaxDrainBytes;
        if (_readPaused)
        {
            _readPaused = false;
            Transport!.ResumeReading();
        }

        StartTimer(TimerKind.Header);
        try
        {
            while (!body.IsComplete)
            {
                int used = body.Decode(_buffer.AsSpan(_start, _end - _start), out _);
                _start += used;
                if (body.BytesDecoded > limit)
                {
                    return false;
                }

                if (used > 0)
                {
                    continue;
                }

                if (_lost || _eof || _timedOut)
                {
                    return false;
                }

                await WaitAsync();
            }

            return true;
        }
        catch (HttpParseException)
        {
            return false;
        }
        finally
        {
            CancelTimer();
        }
    }

    /// <summary>Answers a request that cannot be parsed, then the connection closes.</summary>
    private void SendError(int status, string message)
    {
        if (_lost || Transport is null || Transport.IsClosing)
        {
            return;
        }

        byte[] body = Encoding.UTF8.GetBytes($"{status} {HttpStatus.GetReason(status)}: {message}\n");
        var headers = new HttpHeaders();
        headers.AddUnchecked("Content-Type", "text/plain; charset=utf-8");
        headers.AddUnchecked("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.AddUnchecked("Connection", "close");
        HttpHeadWriter.WriteResponseHead(Out, status, null, headers);
        Out.Write(body);
        Flush();
        _lingerOnClose = true;
    }
}
