using System.Text;

namespace Aio.Tests.Support;

/// <summary>Python's <c>repr(bytes)</c>, for twins that print received data: <c>b'after cancel'</c>.</summary>
internal static class PyBytes
{
    public static string Repr(ReadOnlySpan<byte> data)
    {
        char quote = data.Contains((byte)'\'') && !data.Contains((byte)'"') ? '"' : '\'';
        var text = new StringBuilder("b").Append(quote);
        foreach (byte b in data)
        {
            switch (b)
            {
                case (byte)'\t': text.Append("\\t"); break;
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\\': text.Append("\\\\"); break;
                default:
                    if (b == quote)
                    {
                        text.Append('\\').Append(quote);
                    }
                    else if (b is >= 0x20 and < 0x7f)
                    {
                        text.Append((char)b);
                    }
                    else
                    {
                        text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return text.Append(quote).ToString();
    }
}
