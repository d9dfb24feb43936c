namespace Aio;

/// <summary>The three states of a future, as in asyncio.</summary>
public enum FutureState : byte
{
    /// <summary>Not done yet.</summary>
    Pending,

    /// <summary>Cancelled.</summary>
    Cancelled,

    /// <summary>Done with a result or an exception.</summary>
    Finished,
}
