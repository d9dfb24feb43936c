using System.Buffers.Binary;

namespace Aio.Http.Tests.WebSockets;

/// <summary>Builds frames byte by byte, independently of the codec under test, so tests can send what a broken peer would.</summary>
internal static class Frames
{
    public static readonly byte[] RfcKey = [0x37, 0xfa, 0x21, 0x3d];

    /// <summary>A frame with explicit first byte (FIN, RSV, opcode); masked with <paramref name="key"/> when given.</summary>
    public static byte[] Build(byte first, ReadOnlySpan<byte> payload, byte[]? key = null, int lengthForm = 0)
    {
        var frame = new List<byte> { first };
        byte mask = key is null ? (byte)0 : (byte)0x80;
        int form = lengthForm != 0 ? lengthForm : payload.Length < 126 ? 7 : payload.Length <= 0xFFFF ? 16 : 64;
        if (form == 7)
        {
            frame.Add((byte)(mask | payload.Length));
        }
        else if (form == 16)
        {
            frame.Add((byte)(mask | 126));
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add((byte)(mask | 127));
            var len = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(len, (ulong)payload.Length);
            frame.AddRange(len);
        }

        if (key is not null)
        {
            frame.AddRange(key);
        }

        for (int i = 0; i < payload.Length; i++)
        {
            frame.Add(key is null ? payload[i] : (byte)(payload[i] ^ key[i % 4]));
        }

        return [.. frame];
    }

    public static byte[] Text(string text, bool masked = true, bool fin = true) =>
        Build((byte)((fin ? 0x80 : 0) | 0x1), System.Text.Encoding.UTF8.GetBytes(text), masked ? RfcKey : null);

    public static byte[] Binary(byte[] data, bool masked = true, bool fin = true) =>
        Build((byte)((fin ? 0x80 : 0) | 0x2), data, masked ? RfcKey : null);

    public static byte[] Close(int? code, string reason = "", bool masked = true)
    {
        var payload = new List<byte>();
        if (code is { } c)
        {
            payload.Add((byte)(c >> 8));
            payload.Add((byte)c);
        }

        payload.AddRange(System.Text.Encoding.UTF8.GetBytes(reason));
        return Build(0x88, payload.ToArray(), masked ? RfcKey : null);
    }

    /// <summary>Decodes the frames a peer sent us (unmasking client frames), as (opcode, fin, payload).</summary>
    public static List<(int Opcode, bool Fin, byte[] Payload)> Decode(ReadOnlySpan<byte> data, out int consumed)
    {
        var frames = new List<(int, bool, byte[])>();
        int offset = 0;
        while (data.Length - offset >= 2)
        {
            int b0 = data[offset];
            int b1 = data[offset + 1];
            long length = b1 & 0x7F;
            int pos = offset + 2;
            if (length == 126)
            {
                if (data.Length < pos + 2) break;
                length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
                pos += 2;
            }
            else if (length == 127)
            {
                if (data.Length < pos + 8) break;
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(data[pos..]);
                pos += 8;
            }

            byte[]? key = null;
            if ((b1 & 0x80) != 0)
            {
                if (data.Length < pos + 4) break;
                key = data.Slice(pos, 4).ToArray();
                pos += 4;
            }

            if (data.Length < pos + length) break;
            byte[] payload = data.Slice(pos, (int)length).ToArray();
            if (key is not null)
            {
                for (int i = 0; i < payload.Length; i++) payload[i] ^= key[i % 4];
            }

            frames.Add((b0 & 0x0F, (b0 & 0x80) != 0, payload));
            offset = pos + (int)length;
        }

        consumed = offset;
        return frames;
    }
}
