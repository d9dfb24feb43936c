namespace Aio.Http.Protocol;

/// <summary>The character classes of RFC 9110/9112 as lookup tables.</summary>
internal static class HttpChars
{
    // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly bool[] Token = Build(c =>
        c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z'
        || "!#$%&'*+-.^_`|~".Contains((char)c, StringComparison.Ordinal));

    // field-vchar = VCHAR / obs-text, plus SP and HTAB inside a value. CR, LF, NUL, DEL and other controls are out.
    private static readonly bool[] FieldValue = Build(c => c == (byte)'\t' || (c >= 0x20 && c != 0x7F));

    // request-target: visible ASCII and obs-text; no space, no controls, no DEL.
    private static readonly bool[] Target = Build(c => c > 0x20 && c != 0x7F);

    public static bool IsToken(byte c) => Token[c];

    public static bool IsFieldValue(byte c) => FieldValue[c];

    public static bool IsTarget(byte c) => Target[c];

    private static bool[] Build(Func<byte, bool> member)
    {
        var table = new bool[256];
        for (int c = 0; c < 256; c++)
        {
            table[c] = member((byte)c);
        }

        return table;
    }
}
