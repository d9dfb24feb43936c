namespace Aio;

/// <summary>A semaphore that refuses to be released above its initial value (asyncio's <c>BoundedSemaphore</c>).</summary>
public sealed class AioBoundedSemaphore : AioSemaphore
{
    private readonly int _bound;

    /// <summary>Creates a semaphore with, and bounded by, <paramref name="value"/> permits.</summary>
    public AioBoundedSemaphore(int value = 1)
        : base(value)
    {
        _bound = value;
    }

    /// <summary>Gives a permit back.</summary>
    /// <exception cref="SemaphoreFullException">More releases than acquisitions.</exception>
    public override void Release()
    {
        if (Value >= _bound)
        {
            throw new SemaphoreFullException("BoundedSemaphore released too many times");
        }

        base.Release();
    }
}
