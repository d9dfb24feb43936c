namespace Aio;

/// <summary>Where a child process's standard stream goes (asyncio's <c>None</c>, <c>PIPE</c>, <c>DEVNULL</c>, <c>STDOUT</c>).</summary>
public enum Stdio
{
    /// <summary>The parent's stream is inherited (asyncio's <c>None</c>).</summary>
    Inherit = 0,

    /// <summary>A pipe to the parent: a stream reader or writer on <see cref="AioProcess"/> (asyncio's <c>PIPE</c>).</summary>
    Pipe = 1,

    /// <summary><c>/dev/null</c> (asyncio's <c>DEVNULL</c>).</summary>
    DevNull = 2,

    /// <summary>For standard error only: the same place as standard output (asyncio's <c>STDOUT</c>).</summary>
    Stdout = 3,
}
