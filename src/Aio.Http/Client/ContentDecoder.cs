using System.IO.Compression;

namespace Aio.Http.Client;

/// <summary>
/// Undoes a <c>Content-Encoding</c> of gzip or deflate as the body arrives (System.IO.Compression).
/// </summary>
/// <remarks>
/// System.IO.Compression only pulls from a stream, while the body is pushed chunk by chunk; so the
/// decompressor reads from a <see cref="FeedStream"/> that holds the chunks received so far and, when
/// they run out before the body ends, stops the read with a sentinel exception rather than report an
/// end of stream (which the decompressor would take for a truncated body). The decompressor's state is
/// untouched when its source throws, so the next read resumes where it stopped. That costs one throw
/// per received chunk of compressed data, small beside inflating it.
/// "deflate" is zlib-wrapped per RFC 9110, but some servers send raw deflate: the first two bytes decide,
/// as in aiohttp.
/// </remarks>
internal sealed class ContentDecoder : IDisposable
{
    private readonly FeedStream _feed = new();
    private readonly string _encoding;
    private readonly byte[] _out = new byte[16 * 1024];
    private Stream? _inflater;
    private bool _ended;

    private ContentDecoder(string encoding) => _encoding = encoding;

    /// <summary>A decoder for the response's <c>Content-Encoding</c>, or null when it needs none (or is unknown: the body is left as is).</summary>
    internal static ContentDecoder? For(string? contentEncoding) => contentEncoding?.Trim().ToLowerInvariant() switch
    {
        "gzip" or "x-gzip" => new ContentDecoder("gzip"),
        "deflate" => new ContentDecoder("deflate"),
        _ => null,
    };

    /// <summary>Decodes one chunk of the body; the result may be empty while the decompressor needs more.</summary>
    /// <exception cref="ClientPayloadError">The compressed data is corrupt.</exception>
    internal ReadOnlyMemory<byte> Decode(ReadOnlyMemory<byte> input)
    {
        _feed.Push(input);
        return Drain();
    }

    /// <summary>Ends the body: what the decompressor still holds.</summary>
    internal ReadOnlyMemory<byte> Finish()
    {
        _feed.End();
        return Drain();
    }

    /// <summary>Frees the decompressor.</summary>
    public void Dispose()
    {
        _inflater?.Dispose();
        _feed.Dispose();
    }

    private ReadOnlyMemory<byte> Drain()
    {
        if (_ended)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        _inflater ??= Open();
        if (_inflater is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        MemoryStream? collected = null;
        try
        {
            while (true)
            {
                int n = _inflater.Read(_out);
                if (n == 0)
                {
                    _ended = true;
                    break;
                }

                collected ??= new MemoryStream();
                collected.Write(_out, 0, n);
            }
        }
        catch (FeedStream.NeedInput)
        {
            // More of the body is needed; see the remarks.
        }
        catch (InvalidDataException e)
        {
            throw new ClientPayloadError($"Can not decode content-encoding: {_encoding} ({e.Message})", e);
        }

        return collected is null ? ReadOnlyMemory<byte>.Empty : collected.GetBuffer().AsMemory(0, (int)collected.Length);
    }

    private Stream? Open()
    {
        if (_encoding == "gzip")
        {
            return new GZipStream(_feed, CompressionMode.Decompress);
        }

        if (!_feed.TryPeek2(out byte b0, out byte b1))
        {
            return null;
        }

        bool zlib = (b0 & 0x0F) == 8 && ((b0 << 8) | b1) % 31 == 0;
        return zlib ? new ZLibStream(_feed, CompressionMode.Decompress) : new DeflateStream(_feed, CompressionMode.Decompress);
    }

    /// <summary>A read-only stream over pushed chunks that signals "not yet" instead of "end".</summary>
    private sealed class FeedStream : Stream
    {
        private readonly Queue<ReadOnlyMemory<byte>> _chunks = new();
        private bool _end;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Push(ReadOnlyMemory<byte> chunk)
        {
            if (!chunk.IsEmpty)
            {
                _chunks.Enqueue(chunk);
            }
        }

        public void End() => _end = true;

        public bool TryPeek2(out byte b0, out byte b1)
        {
            byte[] first = _chunks.SelectMany(c => c.ToArray()).Take(2).ToArray();
            b0 = first.Length > 0 ? first[0] : (byte)0;
            b1 = first.Length > 1 ? first[1] : (byte)0;
            return first.Length == 2 || (_end && first.Length > 0);
        }

        public override int Read(Span<byte> buffer)
        {
            if (_chunks.Count == 0)
            {
                return _end ? 0 : throw NeedInput.Instance;
            }

            ReadOnlyMemory<byte> head = _chunks.Peek();
            int n = Math.Min(head.Length, buffer.Length);
            head.Span[..n].CopyTo(buffer);
            _chunks.Dequeue();
            if (n < head.Length)
            {
                _chunks.Enqueue(head[n..]);
                for (int i = _chunks.Count - 1; i > 0; i--)
                {
                    _chunks.Enqueue(_chunks.Dequeue());
                }
            }

            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        /// <summary>Thrown through the decompressor when the chunks so far are used up.</summary>
        internal sealed class NeedInput : Exception
        {
            internal static readonly NeedInput Instance = new();
        }
    }
}
