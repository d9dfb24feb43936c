using System.Reflection;

namespace Aio;

/// <summary>
/// Names a user recognises for the methods the C# compiler generates, for task and coroutine reprs:
/// <c>&lt;FetchData&gt;d__3</c> (an async method's state machine) is <c>FetchData</c>, a local function
/// <c>&lt;&lt;Main&gt;g__Worker|0_1&gt;d</c> is <c>Worker</c>, and a lambda <c>&lt;&lt;Main&gt;b__0_0&gt;d</c> is
/// <c>Main.&lt;lambda&gt;</c>: Python's qualified name (<c>main.&lt;locals&gt;.&lt;lambda&gt;</c>) shortened the
/// way a .NET reader expects. A lambda in top-level statements is plain <c>&lt;lambda&gt;</c>, as one at a
/// Python module's top level is.
/// </summary>
internal static class CompilerNames
{
    /// <summary>The name of the method an async state machine type was generated for.</summary>
    public static string OfStateMachine(Type stateMachine) => OfGenerated(StripStateMachine(stateMachine.Name));

    /// <summary>The name of a delegate's method.</summary>
    public static string OfMethod(MethodInfo method) => OfGenerated(method.Name);

    /// <summary>
    /// The name of the async method behind a running <see cref="Task"/>: the runtime's box type for an
    /// async method carries the state machine as its last generic argument. Other tasks are <c>Task</c>.
    /// </summary>
    public static string OfTask(Task task)
    {
        Type type = task.GetType();
        if (type.IsGenericType && type.GetGenericArguments() is [.., Type last]
            && typeof(System.Runtime.CompilerServices.IAsyncStateMachine).IsAssignableFrom(last))
        {
            return OfStateMachine(last);
        }

        return "Task";
    }

    // <<Main>b__0_0>d → <Main>b__0_0; <FetchData>d__3 stays, handled below.
    private static string StripStateMachine(string name) =>
        name.StartsWith("<<", StringComparison.Ordinal) && name.LastIndexOf(">d", StringComparison.Ordinal) is var end and > 0
            ? name[1..end]
            : name;

    private static string OfGenerated(string name)
    {
        if (!name.StartsWith('<'))
        {
            return name;
        }

        int close = name.IndexOf('>', 1);
        if (close < 0)
        {
            return name;
        }

        string enclosing = name[1..close];
        string rest = name[(close + 1)..];
        if (rest.StartsWith("g__", StringComparison.Ordinal))
        {
            int end = rest.IndexOf('|', StringComparison.Ordinal);
            return end > 3 ? rest[3..end] : rest;
        }

        if (rest.StartsWith("b__", StringComparison.Ordinal))
        {
            // Top-level statements compile into <Main>$; a lambda there has no enclosing method to name.
            return enclosing is "<Main>$" or "" ? "<lambda>" : $"{OfGenerated(enclosing)}.<lambda>";
        }

        return enclosing;
    }
}
