using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Aio.Python;

/// <summary>
/// Formats .NET values the way Python prints them, for code moving from asyncio that must print the
/// same text: <c>['a', 'b']</c>, <c>{'data': 'x'}</c>, <c>(42,)</c>, <c>None</c>, <c>True</c>, <c>0.5</c>,
/// <c>b'data'</c>, <c>ValueError('Invalid delay')</c>.
/// </summary>
/// <remarks>
/// Exceptions print under the name of the Python exception a ported program would have raised
/// (<see cref="ArgumentException"/> as <c>ValueError</c>, <see cref="TimeoutException"/> as
/// <c>TimeoutError</c>, <see cref="KeyNotFoundException"/> as <c>KeyError</c>...), other types under their
/// own name; their <c>args</c> are the message, or nothing when the exception was made without one.
/// </remarks>
public static class PyFormat
{
    /// <summary>Python's <c>str(value)</c>: strings as they are, an exception as its message, everything else as <see cref="Repr"/>.</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        Exception e => Message(e) ?? string.Empty,
        _ => Repr(value),
    };

    /// <summary>
    /// Python's <c>e.args</c> for an exception: <c>('Invalid delay',)</c>, or <c>()</c> for one made without a
    /// message (a <see cref="CancelledError"/> without a cancellation message prints <c>()</c>, as asyncio's does).
    /// </summary>
    public static string Args(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Message(exception) is { } message ? Repr(ValueTuple.Create(message)) : "()";
    }

    /// <summary>Python's exception class name for a .NET exception: <c>ValueError</c> for <see cref="ArgumentException"/>.</summary>
    public static string TypeName(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CancelledError => "CancelledError",
            InvalidStateError => "InvalidStateError",
            KeyboardInterrupt => "KeyboardInterrupt",
            TimeoutException => "TimeoutError",
            KeyNotFoundException => "KeyError",
            ArgumentException => "ValueError",
            IndexOutOfRangeException => "IndexError",
            DivideByZeroException => "ZeroDivisionError",
            NotImplementedException or NotSupportedException => "NotImplementedError",
            InvalidCastException => "TypeError",
            IOException => "OSError",
            _ => exception.GetType().Name,
        };
    }

    /// <summary>An exception's message, or null when it is .NET's placeholder for "no message".</summary>
    private static string? Message(Exception e)
    {
        if (e is CancelledError cancelled)
        {
            return cancelled.CancelMessage;
        }

        if (e is ArgumentException argument && argument.ParamName is not null)
        {
            // ArgumentException appends " (Parameter 'x')"; Python's ValueError has only the text given.
            string suffix = $" (Parameter '{argument.ParamName}')";
            return e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
        }

        return e.Message.Length == 0 || e.Message == DefaultMessage(e.GetType()) ? null : e.Message;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string?> s_defaultMessages = new();

    /// <summary>
    /// The message an exception type's parameterless constructor gives (<c>new TimeoutException()</c> says
    /// "The operation has timed out."): that text stands for "no message", Python's empty <c>args</c>.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Only types that keep a parameterless constructor are probed; others have no default message.")]
    private static string? DefaultMessage(Type type) => s_defaultMessages.GetOrAdd(type, static t =>
    {
        try
        {
            return t.GetConstructor(Type.EmptyTypes) is { } constructor ? ((Exception)constructor.Invoke(null)).Message : null;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    });

    /// <summary>Python's <c>repr(value)</c> for strings, numbers, booleans, null, tuples, lists, sets and dictionaries.</summary>
    public static string Repr(object? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("None");
                break;
            case string s:
                AppendString(text, s);
                break;
            case bool b:
                text.Append(b ? "True" : "False");
                break;
            case double d:
                text.Append(Float(d));
                break;
            case float f:
                text.Append(Float(f));
                break;
            case decimal m:
                text.Append("Decimal('").Append(m.ToString(CultureInfo.InvariantCulture)).Append("')");
                break;
            case byte[] bytes:
                AppendBytes(text, bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                AppendBytes(text, memory.Span);
                break;
            case Memory<byte> memory:
                AppendBytes(text, memory.Span);
                break;
            case ArraySegment<byte> segment:
                AppendBytes(text, segment);
                break;
            case Exception e:
                text.Append(TypeName(e)).Append(Message(e) is { } message ? $"({Repr(message)})" : "()");
                break;
            case IFormattable number when IsInteger(number):
                text.Append(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            case ITuple tuple:
                AppendTuple(text, tuple);
                break;
            case IDictionary dictionary:
                AppendDictionary(text, dictionary);
                break;
            case IEnumerable items when IsSet(value):
                AppendSequence(text, items, "{", "}");
                break;
            case IEnumerable items when IsFinite(value):
                AppendSequence(text, items, "[", "]");
                break;
            default:
                text.Append(value);
                break;
        }
    }

    private static bool IsInteger(IFormattable value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong or System.Numerics.BigInteger;

    /// <summary>Collections are listed; a lazy sequence is not enumerated (that would run it, or never end).</summary>
    private static bool IsFinite(object value) =>
        value is ICollection || value.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyCollection<>));

    private static bool IsSet(object value) =>
        value.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISet<>));

    /// <summary>Python's shortest round-trip float repr: <c>0.5</c>, <c>1.0</c>, <c>1e+16</c>, <c>inf</c>, <c>nan</c>.</summary>
    private static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        string r = d.ToString("R", CultureInfo.InvariantCulture);
        if (r.Contains('E', StringComparison.Ordinal))
        {
            // .NET writes 1E+16; Python writes 1e+16 and pads the exponent to two digits.
            string[] parts = r.Split('E');
            int exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (exponent is >= 0 and < 16)
            {
                // Python switches to exponents at 1e16, .NET at 1e15.
                return d.ToString("F1", CultureInfo.InvariantCulture);
            }

            return $"{parts[0]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        if (Math.Abs(d) >= 1e16 && !r.Contains('.', StringComparison.Ordinal))
        {
            // .NET writes large round-trip values in full; Python switches to an exponent at 1e16.
            string sign = r.StartsWith('-') ? "-" : string.Empty;
            string digits = r.TrimStart('-');
            string significant = digits.TrimEnd('0');
            string mantissa = significant.Length > 1 ? $"{significant[0]}.{significant[1..]}" : significant;
            return $"{sign}{mantissa}e+{digits.Length - 1:00}";
        }

        return r.Contains('.', StringComparison.Ordinal) ? r : r + ".0";
    }

    private static void AppendString(StringBuilder text, string s)
    {
        char quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        text.Append(quote);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '\r':
                    text.Append(@"\r");
                    break;
                case '\t':
                    text.Append(@"\t");
                    break;
                default:
                    if (c == quote)
                    {
                        text.Append('\\');
                    }

                    if (c < ' ' || c == 0x7f)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append(quote);
    }

    /// <summary>Python's <c>repr(bytes)</c>: <c>b'after cancel'</c>, <c>b'\\x00\\n'</c>.</summary>
    public static string Bytes(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder();
        AppendBytes(text, data);
        return text.ToString();
    }

    private static void AppendBytes(StringBuilder text, ReadOnlySpan<byte> data)
    {
        char quote = data.Contains((byte)'\'') && !data.Contains((byte)'"') ? '"' : '\'';
        text.Append('b').Append(quote);
        foreach (byte b in data)
        {
            switch (b)
            {
                case (byte)'\t': text.Append(@"\t"); break;
                case (byte)'\n': text.Append(@"\n"); break;
                case (byte)'\r': text.Append(@"\r"); break;
                case (byte)'\\': text.Append(@"\\"); break;
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
                        text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                    }

                    break;
            }
        }

        text.Append(quote);
    }

    private static void AppendTuple(StringBuilder text, ITuple tuple)
    {
        text.Append('(');
        for (int i = 0; i < tuple.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            Append(text, tuple[i]);
        }

        text.Append(tuple.Length == 1 ? ",)" : ")");
    }

    private static void AppendDictionary(StringBuilder text, IDictionary dictionary)
    {
        text.Append('{');
        bool first = true;
        foreach (DictionaryEntry entry in dictionary)
        {
            if (!first)
            {
                text.Append(", ");
            }

            first = false;
            Append(text, entry.Key);
            text.Append(": ");
            Append(text, entry.Value);
        }

        text.Append('}');
    }

    private static void AppendSequence(StringBuilder text, IEnumerable items, string open, string close)
    {
        text.Append(open);
        bool first = true;
        foreach (object? item in items)
        {
            if (!first)
            {
                text.Append(", ");
            }

            first = false;
            Append(text, item);
        }

        text.Append(close);
    }
}
