using System.Diagnostics;

namespace Aio;

/// <summary>
/// Lets a fixed number of tasks wait until all of them have arrived (asyncio's <c>Barrier</c>).
/// <see cref="AbortAsync"/> breaks it; <see cref="ResetAsync"/> returns it to the empty state, breaking the
/// wait of tasks inside it.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AioBarrier
{
    private readonly AioCondition _condition = new();
    private State _state = State.Filling;
    private int _count;

    /// <summary>Creates a barrier for <paramref name="parties"/> tasks.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one party.</exception>
    public AioBarrier(int parties)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        Parties = parties;
    }

    private enum State
    {
        Filling,
        Draining,
        Resetting,
        Broken,
    }

    /// <summary>The number of tasks needed to pass the barrier.</summary>
    public int Parties { get; }

    /// <summary>The number of tasks waiting while the barrier fills (asyncio's <c>n_waiting</c>).</summary>
    public int NWaiting => _state == State.Filling ? _count : 0;

    /// <summary>Whether the barrier is broken (asyncio's <c>broken</c>).</summary>
    public bool Broken => _state == State.Broken;

    /// <summary>
    /// Waits until all parties have arrived (asyncio's <c>wait()</c>); returns this task's arrival
    /// index, from 0 to <see cref="Parties"/> - 1.
    /// </summary>
    /// <remarks>Cancel safety: a cancelled waiter leaves the barrier; the others keep waiting.</remarks>
    /// <exception cref="BrokenBarrierError">The barrier was aborted or reset.</exception>
    public async Coroutine<int> WaitAsync()
    {
        using (await _condition.AcquireAsync())
        {
            await Block();
            try
            {
                int index = _count++;
                if (index + 1 == Parties)
                {
                    _state = State.Draining;
                    _condition.NotifyAll();
                }
                else
                {
                    await _condition.WaitForAsync(() => _state != State.Filling);
                    if (_state is State.Broken or State.Resetting)
                    {
                        throw new BrokenBarrierError("Abort or reset of barrier");
                    }
                }

                return index;
            }
            finally
            {
                _count--;
                Exit();
            }
        }
    }

    /// <summary>Returns the barrier to the empty state; tasks waiting in it get <see cref="BrokenBarrierError"/> (asyncio's <c>reset()</c>).</summary>
    public async Coroutine ResetAsync()
    {
        using (await _condition.AcquireAsync())
        {
            if (_count > 0)
            {
                _state = State.Resetting;
            }
            else
            {
                _state = State.Filling;
            }

            _condition.NotifyAll();
        }
    }

    /// <summary>Breaks the barrier: current and future waiters get <see cref="BrokenBarrierError"/> (asyncio's <c>abort()</c>).</summary>
    public async Coroutine AbortAsync()
    {
        using (await _condition.AcquireAsync())
        {
            _state = State.Broken;
            _condition.NotifyAll();
        }
    }

    /// <summary>Shows the state, as asyncio's repr does: <c>&lt;AioBarrier [filling, waiters:1/3]&gt;</c>.</summary>
    public override string ToString() =>
        $"<AioBarrier [{_state.ToString().ToLowerInvariant()}{(Broken ? string.Empty : $", waiters:{NWaiting}/{Parties}")}]>";

    /// <summary>Waits while the barrier drains or resets; fails if it is broken.</summary>
    private async Coroutine Block()
    {
        await _condition.WaitForAsync(() => _state is not (State.Draining or State.Resetting));
        if (_state == State.Broken)
        {
            throw new BrokenBarrierError("Barrier aborted");
        }
    }

    /// <summary>The last task out lets the next round in.</summary>
    private void Exit()
    {
        if (_count == 0)
        {
            if (_state is State.Resetting or State.Draining)
            {
                _state = State.Filling;
            }

            _condition.NotifyAll();
        }
    }
}
