using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Aio.Http.WebSockets;

/// <summary>The frame opcodes of RFC 6455 section 5.2.</summary>
internal enum WsOpcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>A decoded frame header (RFC 6455 section 5.2), before any rule beyond the wire format is checked.</summary>
internal readonly record struct WsFrameHeader(bool Fin, int Rsv, WsOpcode Opcode, bool Masked, uint MaskKey, long PayloadLength, int HeaderLength)
{
    public bool IsControl => ((byte)Opcode & 0x8) != 0;
}

/// <summary>
/// The wire format of a frame (RFC 6455 section 5.2): header decoding with the length encoding checks,
/// header encoding with the shortest length form, and the masking XOR. Stateless; the rules that need
/// connection state (masking direction, fragmentation, size limits) live in <see cref="WebSocketParser"/>.
/// </summary>
internal static class WsFrameCodec
{
    /// <summary>The largest header: 2 bytes, a 64-bit length and a mask key.</summary>
    public const int MaxHeaderLength = 14;

    /// <summary>The largest control frame payload (section 5.5).</summary>
    public const int MaxControlPayload = 125;

    /// <summary>
    /// Decodes the header at the start of <paramref name="data"/>. Returns false when more bytes are needed.
    /// Throws <see cref="WebSocketError"/> (1002) for a length that is not in its shortest form or has the
    /// top bit of the 64-bit form set.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out WsFrameHeader header)
    {
        header = default;
        if (data.Length < 2)
        {
            return false;
        }

        byte b0 = data[0];
        byte b1 = data[1];
        bool masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        int offset = 2;
        if (length == 126)
        {
            if (data.Length < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            offset = 4;
            if (length < 126)
            {
                throw new WebSocketError(WsCloseCode.ProtocolError, $"Frame length {length} sent in the 16-bit form (RFC 6455 5.2: the minimal form must be used)");
            }
        }
        else if (length == 127)
        {
            if (data.Length < 10)
            {
                return false;
            }

            ulong wide = BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
            offset = 10;
            if ((wide & 0x8000_0000_0000_0000UL) != 0)
            {
                throw new WebSocketError(WsCloseCode.ProtocolError, "Frame length has its most significant bit set (RFC 6455 5.2)");
            }

            if (wide <= ushort.MaxValue)
            {
                throw new WebSocketError(WsCloseCode.ProtocolError, $"Frame length {wide} sent in the 64-bit form (RFC 6455 5.2: the minimal form must be used)");
            }

            length = (long)wide;
        }

        uint key = 0;
        if (masked)
        {
            if (data.Length < offset + 4)
            {
                return false;
            }

            key = MemoryMarshal.Read<uint>(data[offset..]);
            offset += 4;
        }

        header = new WsFrameHeader((b0 & 0x80) != 0, (b0 >> 4) & 0x7, (WsOpcode)(b0 & 0x0F), masked, key, length, offset);
        return true;
    }

    /// <summary>The header length for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int HeaderLength(long payloadLength, bool masked) =>
        (payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10) + (masked ? 4 : 0);

    /// <summary>
    /// Writes a header into <paramref name="destination"/> (at least <see cref="HeaderLength"/> bytes) and
    /// returns its length. <paramref name="maskKey"/> is the key as it appears on the wire, or null for an
    /// unmasked frame.
    /// </summary>
    public static int WriteHeader(Span<byte> destination, WsOpcode opcode, bool fin, long payloadLength, uint? maskKey)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | (byte)opcode);
        byte maskBit = maskKey is null ? (byte)0 : (byte)0x80;
        int offset;
        if (payloadLength < 126)
        {
            destination[1] = (byte)(maskBit | payloadLength);
            offset = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            offset = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
            offset = 10;
        }

        if (maskKey is { } key)
        {
            MemoryMarshal.Write(destination[offset..], in key);
            offset += 4;
        }

        return offset;
    }

    /// <summary>
    /// XORs <paramref name="data"/> with the 4-byte key as it appears on the wire (section 5.3), in place;
    /// masking and unmasking are the same operation. Works a machine word (or vector) at a time.
    /// </summary>
    public static void Mask(Span<byte> data, uint key)
    {
        if (key == 0)
        {
            return;
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<byte>.Count)
        {
            var keyVector = new Vector<uint>(key);
            Span<Vector<byte>> vectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            Vector<byte> keyBytes = Vector.AsVectorByte(keyVector);
            for (int v = 0; v < vectors.Length; v++)
            {
                vectors[v] ^= keyBytes;
            }

            i = vectors.Length * Vector<byte>.Count;
        }

        ulong wideKey = key | ((ulong)key << 32);
        Span<ulong> words = MemoryMarshal.Cast<byte, ulong>(data[i..]);
        for (int w = 0; w < words.Length; w++)
        {
            words[w] ^= wideKey;
        }

        i += words.Length * sizeof(ulong);
        Span<byte> keyBytesSmall = stackalloc byte[4];
        MemoryMarshal.Write(keyBytesSmall, in key);
        for (; i < data.Length; i++)
        {
            // Every block above was a multiple of 4 bytes long, so byte i lines up with key byte i % 4.
            data[i] ^= keyBytesSmall[i & 3];
        }
    }
}
