namespace Aio.Cli;

/// <summary>
/// Shows that a real-time example is waiting, not stuck: once standard output has been quiet for
/// <see cref="Quiet"/>, it writes <c>(waiting...)</c> to standard error, then a dot per further second of
/// quiet, and ends the line when output resumes or the example ends. It watches standard output through
/// <see cref="Console.SetOut"/>, so the example's own text is untouched (stderr can be discarded).
/// </summary>
internal sealed class WaitingIndicator : IDisposable
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    private readonly TextWriter _error;
    private readonly Func<TimeSpan> _now;
    private readonly TextWriter? _restore;
    private readonly Timer? _timer;
    private readonly object _gate = new();
    private TimeSpan _lastOutput;
    private TimeSpan _lastDot;
    private bool _shown;

    /// <summary>For tests: an indicator driven by <see cref="Tick"/> and <see cref="OnOutput"/> on a clock of the caller's.</summary>
    internal WaitingIndicator(TextWriter error, Func<TimeSpan> now)
    {
        _error = error;
        _now = now;
        _lastOutput = now();
    }

    private WaitingIndicator(TextWriter error, System.Diagnostics.Stopwatch clock)
        : this(error, () => clock.Elapsed)
    {
        _restore = Console.Out;
        Console.SetOut(new WatchedWriter(_restore, this));
        _timer = new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Watches <see cref="Console.Out"/> until disposed.</summary>
    public static WaitingIndicator Start(TextWriter error) => new(error, System.Diagnostics.Stopwatch.StartNew());

    /// <summary>The example wrote something: end a waiting line, start counting quiet again.</summary>
    internal void OnOutput()
    {
        lock (_gate)
        {
            _lastOutput = _now();
            EndLine();
        }
    }

    /// <summary>Checks the quiet time (every 250 ms from the timer).</summary>
    internal void Tick()
    {
        lock (_gate)
        {
            TimeSpan now = _now();
            if (!_shown && now - _lastOutput >= Quiet)
            {
                _error.Write("(waiting...");
                _error.Flush();
                _shown = true;
                _lastDot = now;
            }
            else if (_shown && now - _lastDot >= TimeSpan.FromSeconds(1))
            {
                _error.Write('.');
                _error.Flush();
                _lastDot = now;
            }
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            EndLine();
        }

        if (_restore is not null)
        {
            Console.Out.Flush();
            Console.SetOut(_restore);
        }
    }

    private void EndLine()
    {
        if (_shown)
        {
            _error.WriteLine(')');
            _error.Flush();
            _shown = false;
        }
    }

    /// <summary>Passes everything to the real standard output and tells the indicator that output happened.</summary>
    private sealed class WatchedWriter(TextWriter inner, WaitingIndicator indicator) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            indicator.OnOutput();
            inner.Write(value);
        }

        public override void Write(string? value)
        {
            indicator.OnOutput();
            inner.Write(value);
        }

        public override void WriteLine(string? value)
        {
            indicator.OnOutput();
            inner.WriteLine(value);
            inner.Flush();
        }

        public override void Flush() => inner.Flush();
    }
}
