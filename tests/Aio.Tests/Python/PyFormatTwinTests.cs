using Aio.Python;
using Aio.Tests.Support;

namespace Aio.Tests.Python;

/// <summary>PyFormat prints what CPython's print() prints for the same values (twin pyformat_values).</summary>
public class PyFormatTwinTests
{
    private static string Line(params object?[] values) => string.Join(' ', values.Select(PyFormat.Str));

    [Fact]
    public void Values_Bytes_Exceptions_AndCancellations_PrintAsCPython()
    {
        var lines = new List<string>
        {
            Line(new List<object?> { 1, "apple", null, true, 2.5, 10.0 }),
            Line(ValueTuple.Create(42), ValueTuple.Create(), ("a", (1, 2)), new Dictionary<string, object> { ["data"] = new object[] { 1, new Dictionary<string, string> { ["k"] = "v" } } }),
            Line(new HashSet<int> { 3 }, new[] { new[] { 1, 2 }, new[] { 3 } }),
            Line("after cancel"u8.ToArray(), "it's"u8.ToArray(), new byte[] { 0, (byte)'\n', (byte)'\t', (byte)'\\' }, "both ' and \""u8.ToArray()),
            Line(PyFormat.Repr("quote's"), PyFormat.Repr("tab\there")),
            Line(PyFormat.Repr(new ArgumentException("Invalid delay", "delay")), new ArgumentException("Invalid delay")),
            Line(PyFormat.Repr(new TimeoutException()), PyFormat.Repr(new KeyNotFoundException("k")), PyFormat.Args(new ArgumentException("x"))),
        };
        VirtualTime.Run(async () =>
        {
            foreach (string? message in new[] { "stop now", null })
            {
                AioTask task = Asyncio.CreateTask(Asyncio.Sleep(10));
                await Asyncio.Sleep(0);
                task.Cancel(message);
                try
                {
                    await task;
                }
                catch (CancelledError e)
                {
                    lines.Add(Line(PyFormat.Repr(e), PyFormat.Args(e)));
                }
            }
        });
        Twin.AssertSame("pyformat_values", lines);
    }
}
