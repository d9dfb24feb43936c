using System.Diagnostics;
using System.Reflection;

namespace Aio;

/// <summary>
/// Finds the application's frame in the current stack: the first frame outside Aio and the
/// runtime, named as the user wrote it (an async method's <c>MoveNext</c> is reported as the method).
/// </summary>
/// <remarks>
/// A stack walk costs microseconds, so it is only taken when the loop tracks tasks, and file and
/// line only in debug mode (reading the PDB is the slow part).
/// </remarks>
internal static class CallSites
{
    private static readonly Assembly s_aio = typeof(CallSites).Assembly;

    public static string Capture(bool withFileInfo)
    {
        var trace = new StackTrace(2, withFileInfo);
        foreach (StackFrame frame in trace.GetFrames())
        {
            MethodBase? method = frame.GetMethod();
            Type? type = method?.DeclaringType;
            // Skipped: Aio, the runtime, and an async method's stub (which only creates the coroutine).
            if (method is null || type is null || type.Assembly == s_aio || IsRuntime(type) || method.IsDefined(typeof(System.Runtime.CompilerServices.AsyncStateMachineAttribute), false))
            {
                continue;
            }

            string where = withFileInfo && frame.GetFileName() is { } file ? $" ({Path.GetFileName(file)}:{frame.GetFileLineNumber()})" : string.Empty;
            return Describe(method, type) + where;
        }

        return "(unknown)";
    }

    /// <summary><c>Type.Method</c>, with a state machine's <c>MoveNext</c> shown as its async method.</summary>
    private static string Describe(MethodBase method, Type type)
    {
        if (method.Name == "MoveNext" && type.Name.StartsWith('<'))
        {
            return $"{FrameNames.OwnerName(type)}.{CompilerNames.OfStateMachine(type)}()";
        }

        string name = method is MethodInfo info ? CompilerNames.OfMethod(info) : method.Name;
        return $"{FrameNames.OwnerName(type)}.{name}()";
    }

    private static bool IsRuntime(Type type)
    {
        string? ns = type.Namespace;
        return ns is not null && (ns.StartsWith("System", StringComparison.Ordinal) || ns.StartsWith("Microsoft", StringComparison.Ordinal) || ns.StartsWith("Xunit", StringComparison.Ordinal));
    }
}

/// <summary>The user's types behind the compiler's generated ones (method names: <see cref="CompilerNames"/>).</summary>
internal static class FrameNames
{
    /// <summary>The user's type that declares a generated type (skipping closure classes such as <c>&lt;&gt;c</c>).</summary>
    public static string OwnerName(Type type)
    {
        Type owner = type.Name.StartsWith('<') && type.DeclaringType is { } declaring ? declaring : type;
        while (owner.Name.StartsWith('<') && owner.DeclaringType is { } outer)
        {
            owner = outer;
        }

        return owner.Name;
    }
}
