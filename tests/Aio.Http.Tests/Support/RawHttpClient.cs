using System.Text;
using Aio.Http.Protocol;

namespace Aio.Http.Tests.Support;

/// <summary>A byte-level HTTP client on the loop's own sockets: sends exactly what a test writes, parses what comes back.</summary>
internal sealed class RawHttpClient : IDisposable
{
    private readonly AioStreamReader _reader;
    private readonly AioStreamWriter _writer;
    private readonly HttpResponseParser _parser = new();
    private byte[] _buffer = new byte[65536];
    private int _length;
    private bool _eof;

    private RawHttpClient(AioStreamReader reader, AioStreamWriter writer)
    {
        _reader = reader;
        _writer = writer;
    }

    public static async Coroutine<RawHttpClient> ConnectAsync(int port)
    {
        (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenConnection("127.0.0.1", port);
        return new RawHttpClient(reader, writer);
    }

    public static async Coroutine<RawHttpClient> ConnectUnixAsync(string path)
    {
        (AioStreamReader reader, AioStreamWriter writer) = await Asyncio.OpenUnixConnection(path);
        return new RawHttpClient(reader, writer);
    }

    public void Send(string raw) => _writer.Write(Encoding.Latin1.GetBytes(raw));

    public void Send(byte[] raw) => _writer.Write(raw);

    public void Close() => _writer.Close();

    public void Dispose() => _writer.Close();

    /// <summary>Reads one response; null if the server closed the connection first.</summary>
    public async Coroutine<RawResponse?> ReadResponseAsync(string method = "GET")
    {
        HttpResponseHead? head;
        while (true)
        {
            head = _parser.TryParse(_buffer.AsSpan(0, _length), out int used, method);
            if (head is not null)
            {
                Consume(used);
                if (head.IsInformational && head.Status != 101)
                {
                    continue;
                }

                break;
            }

            if (!await FillAsync())
            {
                return null;
            }
        }

        var decoder = new HttpBodyDecoder(head.Framing, head.ContentLength);
        var body = new MemoryStream();
        while (!decoder.IsComplete)
        {
            int used = decoder.Decode(_buffer.AsSpan(0, _length), out ReadOnlySpan<byte> data);
            body.Write(data);
            Consume(used);
            if (decoder.IsComplete || used > 0)
            {
                continue;
            }

            if (!await FillAsync())
            {
                decoder.EndOfInput();
            }
        }

        return new RawResponse(head, body.ToArray());
    }

    /// <summary>Reads an interim 100 Continue (or any 1xx) head.</summary>
    public async Coroutine<HttpResponseHead?> ReadInterimAsync()
    {
        while (true)
        {
            HttpResponseHead? head = _parser.TryParse(_buffer.AsSpan(0, _length), out int used, "POST");
            if (head is not null)
            {
                Consume(used);
                return head;
            }

            if (!await FillAsync())
            {
                return null;
            }
        }
    }

    /// <summary>Whether the server closed the connection (reads until EOF, failing on unexpected bytes).</summary>
    public async Coroutine<bool> IsClosedAsync()
    {
        while (await FillAsync())
        {
        }

        return _eof;
    }

    /// <summary>Bytes received and not yet parsed.</summary>
    public byte[] Pending => _buffer.AsSpan(0, _length).ToArray();

    private async Coroutine<bool> FillAsync()
    {
        if (_eof)
        {
            return false;
        }

        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int n;
        try
        {
            n = await _reader.ReadAsync(_buffer.AsMemory(_length));
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            n = 0;
        }

        if (n == 0)
        {
            _eof = true;
            return false;
        }

        _length += n;
        return true;
    }

    private void Consume(int n)
    {
        Buffer.BlockCopy(_buffer, n, _buffer, 0, _length - n);
        _length -= n;
    }
}

internal sealed record RawResponse(HttpResponseHead Head, byte[] Body)
{
    public int Status => Head.Status;

    public string Text => Encoding.UTF8.GetString(Body);

    public string? this[string header] => Head.Headers[header];
}
