namespace Aio;

/// <summary>
/// Decides which loop <see cref="Asyncio.GetEventLoop"/> returns and how new loops are made
/// (asyncio's event loop policy). Replace it with <see cref="Asyncio.SetEventLoopPolicy"/>, for
/// example with <c>Aio.Testing.VirtualTimePolicy</c> to run everything on a virtual clock.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The per-thread slots live as long as the policy; policies are process-wide.")]
public class EventLoopPolicy
{
    private readonly ThreadLocal<Slot> _slot = new(() => new Slot());

    /// <summary>Creates a new loop; override to change the clock or reactor of every new loop.</summary>
    public virtual EventLoop NewEventLoop() => new();

    /// <summary>
    /// The current loop of this thread (asyncio's <c>policy.get_event_loop()</c>). On the main thread
    /// a loop is created the first time if none was ever set; elsewhere that is an error.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no current loop in this thread.</exception>
    public virtual EventLoop GetEventLoop()
    {
        Slot slot = _slot.Value!;
        if (slot.Loop is null && !slot.SetCalled && Environment.CurrentManagedThreadId == MainThreadId)
        {
            SetEventLoop(NewEventLoop());
        }

        return slot.Loop ?? throw new InvalidOperationException(
            $"There is no current event loop in thread '{Thread.CurrentThread.Name ?? Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture)}'.");
    }

    /// <summary>Makes <paramref name="loop"/> the current loop of this thread (asyncio's <c>set_event_loop</c>).</summary>
    public virtual void SetEventLoop(EventLoop? loop)
    {
        Slot slot = _slot.Value!;
        slot.SetCalled = true;
        slot.Loop = loop;
    }

    /// <summary>The managed id of the process's main thread, which .NET numbers 1.</summary>
    private const int MainThreadId = 1;

    private sealed class Slot
    {
        public EventLoop? Loop { get; set; }

        public bool SetCalled { get; set; }
    }
}
