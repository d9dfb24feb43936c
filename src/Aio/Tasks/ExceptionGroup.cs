namespace Aio;

/// <summary>
/// Several exceptions raised together, as a <see cref="TaskGroup"/> does when children fail
/// (Python's <c>ExceptionGroup</c>).
/// </summary>
public class ExceptionGroup : AggregateException
{
    /// <summary>Creates an empty group.</summary>
    public ExceptionGroup()
    {
    }

    /// <summary>Creates a group with a message and no exceptions.</summary>
    public ExceptionGroup(string message)
        : base(message)
    {
    }

    /// <summary>Creates a group with a message and one exception.</summary>
    public ExceptionGroup(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a group of <paramref name="exceptions"/>.</summary>
    public ExceptionGroup(string message, IEnumerable<Exception> exceptions)
        : base(message, exceptions)
    {
        Title = message;
    }

    /// <summary>The group's own message, without the inner messages .NET appends.</summary>
    public string? Title { get; }

    /// <summary>The exceptions in the group (Python's <c>exceptions</c>).</summary>
    public IReadOnlyList<Exception> Exceptions => InnerExceptions;
}
