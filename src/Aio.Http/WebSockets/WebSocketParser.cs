using System.Buffers.Binary;
using System.Text;

namespace Aio.Http.WebSockets;

/// <summary>
/// Turns received bytes into messages (aiohttp's <c>WebSocketReader</c>): decodes frames, unmasks them,
/// enforces every receive-side rule of RFC 6455 and reassembles fragmented messages.
/// </summary>
/// <remarks>
/// The parser owns its receive buffer, so a transport reads straight into it (<see cref="GetBuffer"/>
/// then <see cref="Advance"/>; <see cref="Feed"/> copies, for tests). A frame is unmasked in place
/// and copied once, into the message's own array. Rules, each a <see cref="WebSocketError"/> with the
/// close code to send:
/// <list type="bullet">
/// <item>1002: a reserved bit set (no extension is negotiated), an unknown opcode, a fragmented control
/// frame or one over 125 bytes, an unmasked frame from a client or a masked one from a server, a
/// continuation with nothing to continue or a new message inside a fragmented one, a non-minimal
/// length, a close payload of one byte or with a code that may not be sent;</item>
/// <item>1007: a text message or close reason that is not UTF-8;</item>
/// <item>1009: a message (all its fragments together) over the size limit, detected from the header,
/// before its payload is buffered.</item>
/// </list>
/// After an error the parser yields nothing more: the connection closes.
/// </remarks>
internal sealed class WebSocketParser
{
    private const int InitialBuffer = 8 * 1024;
    private const int ShrinkAbove = 256 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly bool _expectMasked;
    private readonly long _maxMessageSize;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private WsOpcode _fragmentOpcode;
    private byte[]? _fragments;
    private int _fragmentLength;
    private bool _failed;

    /// <param name="expectMasked">True on a server: clients must mask every frame; false on a client: servers must not.</param>
    /// <param name="maxMessageSize">The largest message in bytes; 0 for no limit beyond what an array holds.</param>
    public WebSocketParser(bool expectMasked, long maxMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessageSize);
        _expectMasked = expectMasked;
        _maxMessageSize = maxMessageSize == 0 ? Array.MaxLength - WsFrameCodec.MaxHeaderLength : Math.Min(maxMessageSize, Array.MaxLength - WsFrameCodec.MaxHeaderLength);
    }

    /// <summary>Bytes received and not yet consumed as frames.</summary>
    public int Buffered => _end - _start;

    /// <summary>Free space at the end of the buffer for the next read (at least <paramref name="sizeHint"/> bytes when positive, capped at 64 KiB).</summary>
    public Memory<byte> GetBuffer(int sizeHint)
    {
        EnsureFree(Math.Clamp(sizeHint, 1024, 64 * 1024));
        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were written into the span <see cref="GetBuffer"/> returned.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Appends received bytes (a copy; transports use <see cref="GetBuffer"/>).</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        EnsureFree(data.Length);
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>
    /// Decodes the next complete message from the buffered bytes: a text, binary, ping, pong or close
    /// message. Returns false when more bytes are needed.
    /// </summary>
    /// <exception cref="WebSocketError">The peer broke a rule; its <see cref="WebSocketError.Code"/> is the close code to send.</exception>
    public bool TryRead(out WsMessage message)
    {
        message = null!;
        if (_failed)
        {
            return false;
        }

        try
        {
            while (true)
            {
                ReadOnlySpan<byte> pending = _buffer.AsSpan(_start, _end - _start);
                if (!WsFrameCodec.TryReadHeader(pending, out WsFrameHeader header))
                {
                    EnsureFree(WsFrameCodec.MaxHeaderLength);
                    return false;
                }

                Validate(header);
                long frameLength = header.HeaderLength + header.PayloadLength;
                if (pending.Length < frameLength)
                {
                    EnsureFree((int)(frameLength - pending.Length));
                    return false;
                }

                Span<byte> payload = _buffer.AsSpan(_start + header.HeaderLength, (int)header.PayloadLength);
                if (header.Masked)
                {
                    WsFrameCodec.Mask(payload, header.MaskKey);
                }

                _start += (int)frameLength;
                WsMessage? complete = header.IsControl ? Control(header.Opcode, payload) : Data(header, payload);
                ReleaseIfEmpty();
                if (complete is not null)
                {
                    message = complete;
                    return true;
                }
            }
        }
        catch (WebSocketError)
        {
            _failed = true;
            throw;
        }
    }

    private void Validate(in WsFrameHeader header)
    {
        if (header.Rsv != 0)
        {
            throw new WebSocketError(WsCloseCode.ProtocolError, $"Reserved bits set ({header.Rsv:x}) without a negotiated extension");
        }

        if (header.Opcode is not (WsOpcode.Continuation or WsOpcode.Text or WsOpcode.Binary or WsOpcode.Close or WsOpcode.Ping or WsOpcode.Pong))
        {
            throw new WebSocketError(WsCloseCode.ProtocolError, $"Unknown opcode 0x{(byte)header.Opcode:x}");
        }

        if (header.IsControl)
        {
            if (!header.Fin)
            {
                throw new WebSocketError(WsCloseCode.ProtocolError, $"Fragmented {header.Opcode} frame (control frames must not be fragmented)");
            }

            if (header.PayloadLength > WsFrameCodec.MaxControlPayload)
            {
                throw new WebSocketError(WsCloseCode.ProtocolError, $"{header.Opcode} frame of {header.PayloadLength} bytes (control frames carry at most 125)");
            }
        }

        if (header.Masked != _expectMasked)
        {
            throw new WebSocketError(
                WsCloseCode.ProtocolError,
                _expectMasked ? "Unmasked frame from a client (clients must mask every frame)" : "Masked frame from a server (servers must not mask)");
        }

        if (!header.IsControl)
        {
            long total = header.PayloadLength + (header.Opcode == WsOpcode.Continuation ? _fragmentLength : 0);
            if (total > _maxMessageSize)
            {
                throw new WebSocketError(WsCloseCode.MessageTooBig, $"Message size {total} exceeds limit {_maxMessageSize}");
            }
        }
    }

    private static WsMessage Control(WsOpcode opcode, ReadOnlySpan<byte> payload)
    {
        if (opcode != WsOpcode.Close)
        {
            return WsMessage.ForData(opcode == WsOpcode.Ping ? WsMsgType.Ping : WsMsgType.Pong, payload.ToArray());
        }

        if (payload.Length == 0)
        {
            return WsMessage.ForClose(null, "");
        }

        if (payload.Length == 1)
        {
            throw new WebSocketError(WsCloseCode.ProtocolError, "Close frame with a one-byte payload (a code takes two)");
        }

        int code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!IsValidCloseCode(code))
        {
            throw new WebSocketError(WsCloseCode.ProtocolError, $"Invalid close code {code}");
        }

        return WsMessage.ForClose((WsCloseCode)code, DecodeText(payload[2..], "close reason"));
    }

    private WsMessage? Data(in WsFrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.Opcode == WsOpcode.Continuation)
        {
            if (_fragments is null)
            {
                throw new WebSocketError(WsCloseCode.ProtocolError, "Continuation frame with no message to continue");
            }

            Append(payload);
            if (!header.Fin)
            {
                return null;
            }

            byte[] whole = _fragments.AsSpan(0, _fragmentLength).ToArray();
            _fragments = null;
            _fragmentLength = 0;
            return Message(_fragmentOpcode, whole);
        }

        if (_fragments is not null)
        {
            throw new WebSocketError(WsCloseCode.ProtocolError, $"{header.Opcode} frame inside a fragmented message (expected a continuation)");
        }

        if (header.Fin)
        {
            return Message(header.Opcode, payload.ToArray());
        }

        _fragmentOpcode = header.Opcode;
        _fragments = new byte[Math.Max(payload.Length * 2, 256)];
        _fragmentLength = 0;
        Append(payload);
        return null;
    }

    private void Append(ReadOnlySpan<byte> payload)
    {
        if (_fragmentLength + payload.Length > _fragments!.Length)
        {
            long grown = Math.Max((long)_fragments.Length * 2, (long)_fragmentLength + payload.Length);
            Array.Resize(ref _fragments, (int)Math.Min(grown, Array.MaxLength));
        }

        payload.CopyTo(_fragments.AsSpan(_fragmentLength));
        _fragmentLength += payload.Length;
    }

    private static WsMessage Message(WsOpcode opcode, byte[] data) =>
        opcode == WsOpcode.Text ? WsMessage.ForText(data, DecodeText(data, "text message")) : WsMessage.ForData(WsMsgType.Binary, data);

    private static string DecodeText(ReadOnlySpan<byte> utf8, string what)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new WebSocketError(WsCloseCode.InvalidText, $"Invalid UTF-8 in {what}", e);
        }
    }

    /// <summary>Whether a peer may send <paramref name="code"/> in a close frame (RFC 6455 7.4 and the IANA registry).</summary>
    internal static bool IsValidCloseCode(int code) => code switch
    {
        >= 1000 and <= 1003 => true,
        >= 1007 and <= 1014 => true,
        >= 3000 and <= 4999 => true,
        _ => false,
    };

    private void EnsureFree(int count)
    {
        if (_buffer.Length - _end >= count)
        {
            return;
        }

        int pending = _end - _start;
        if (_start > 0 && _buffer.Length - pending >= count)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else
        {
            long size = Math.Max((long)_buffer.Length * 2, (long)pending + count);
            var grown = new byte[Math.Min(size, Array.MaxLength)];
            _buffer.AsSpan(_start, pending).CopyTo(grown);
            _buffer = grown;
        }

        _start = 0;
        _end = pending;
    }

    private void ReleaseIfEmpty()
    {
        if (_start != _end)
        {
            return;
        }

        _start = 0;
        _end = 0;
        if (_buffer.Length > ShrinkAbove)
        {
            // One large message should not pin a large buffer for the rest of the connection.
            _buffer = new byte[InitialBuffer];
        }
    }
}
