using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Aio.Http.Protocol;

/// <summary>
/// Serialises request and response heads straight into a buffer writer (no intermediate strings).
/// Header fields come from <see cref="HttpHeaders"/>, which only holds values that cannot inject lines.
/// </summary>
public static class HttpHeadWriter
{
    /// <summary>Writes <c>METHOD target HTTP/1.x</c>, the fields and the empty line.</summary>
    /// <exception cref="ArgumentException">The method is not a token or the target holds whitespace or controls.</exception>
    public static void WriteRequestHead(IBufferWriter<byte> output, string method, string target, HttpHeaders headers, HttpProtocolVersion version = HttpProtocolVersion.Http11)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(headers);
        foreach (char c in method)
        {
            if (c > 0x7F || !HttpChars.IsToken((byte)c))
            {
                throw new ArgumentException($"method {method} is not a token", nameof(method));
            }
        }

        foreach (char c in target)
        {
            if (c <= 0x20 || c == 0x7F)
            {
                throw new ArgumentException("the request target must not hold whitespace or control characters (percent-encode them)", nameof(target));
            }
        }

        WriteAscii(output, method);
        WriteByte(output, (byte)' ');
        WriteUtf8(output, target);
        WriteByte(output, (byte)' ');
        output.Write(HttpVersionText.Bytes(version));
        output.Write("\r\n"u8);
        WriteFields(output, headers);
    }

    /// <summary>Writes <c>HTTP/1.x status reason</c>, the fields and the empty line.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="status">The status code, 100 to 999.</param>
    /// <param name="reason">The reason phrase; null for the standard one (<see cref="HttpStatus.GetReason"/>).</param>
    /// <param name="headers">The fields, written in order.</param>
    /// <param name="version">The version on the status line.</param>
    public static void WriteResponseHead(IBufferWriter<byte> output, int status, string? reason, HttpHeaders headers, HttpProtocolVersion version = HttpProtocolVersion.Http11)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        reason ??= HttpStatus.GetReason(status);
        foreach (char c in reason)
        {
            if (c > 0xFF || !HttpChars.IsFieldValue((byte)c))
            {
                throw new ArgumentException("the reason phrase must not hold CR, LF or control characters", nameof(reason));
            }
        }

        output.Write(HttpVersionText.Bytes(version));
        Span<byte> code = output.GetSpan(5);
        code[0] = (byte)' ';
        code[1] = (byte)('0' + (status / 100));
        code[2] = (byte)('0' + (status / 10 % 10));
        code[3] = (byte)('0' + (status % 10));
        code[4] = (byte)' ';
        output.Advance(5);
        WriteLatin1(output, reason);
        output.Write("\r\n"u8);
        WriteFields(output, headers);
    }

    /// <summary>Writes a decimal number (for Content-Length values and chunk bodies) without allocating.</summary>
    internal static void WriteNumber(IBufferWriter<byte> output, long value)
    {
        Span<byte> span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out int written);
        output.Advance(written);
    }

    private static void WriteFields(IBufferWriter<byte> output, HttpHeaders headers)
    {
        for (int i = 0; i < headers.Count; i++)
        {
            (string name, string value) = headers.FieldAt(i);
            WriteAscii(output, name);
            output.Write(": "u8);
            WriteLatin1(output, value);
            output.Write("\r\n"u8);
        }

        output.Write("\r\n"u8);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private static void WriteAscii(IBufferWriter<byte> output, string text) => WriteLatin1(output, text);

    private static void WriteLatin1(IBufferWriter<byte> output, string text)
    {
        Span<byte> span = output.GetSpan(text.Length);
        int n = Encoding.Latin1.GetBytes(text, span);
        output.Advance(n);
    }

    private static void WriteUtf8(IBufferWriter<byte> output, string text)
    {
        Span<byte> span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        int n = Encoding.UTF8.GetBytes(text, span);
        output.Advance(n);
    }
}
