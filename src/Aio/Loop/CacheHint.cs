using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Aio;

/// <summary>Asks the CPU to start loading an object that the loop will touch soon (x86 only; elsewhere nothing).</summary>
/// <remarks>
/// Design note. The loop's batches (timers due together, a gather's children) touch objects last
/// seen long ago, and their first loads led the profiles; the ready queue and the timer heap hint at
/// the next entries' objects while the current one runs (<see cref="ReadyQueue.Prefetch"/> has the
/// measurements). A prefetch is only a hint: it cannot fault on any address, so if the GC moves the
/// object between the read of its reference and the prefetch, the hint is wasted and nothing else
/// happens.
/// </remarks>
internal static class CacheHint
{
    /// <summary>Hints at the first cache line of <paramref name="target"/>; does nothing for null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Load(object? target)
    {
        if (Sse.IsSupported && target is not null)
        {
            Sse.Prefetch0((void*)Unsafe.As<object, nint>(ref target));
        }
    }
}
