namespace Aio.Http.Server;

/// <summary>The IMF-fixdate of the current second, formatted once per second for the <c>Date</c> field.</summary>
internal static class HttpDate
{
    private static long _second = -1;
    private static string _text = string.Empty;

    public static string Now()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (now != Volatile.Read(ref _second))
        {
            Volatile.Write(ref _text, DateTimeOffset.FromUnixTimeSeconds(now).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            Volatile.Write(ref _second, now);
        }

        return Volatile.Read(ref _text);
    }

    public static string Format(DateTimeOffset when) => when.ToUniversalTime().ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? text) =>
        text is not null && DateTimeOffset.TryParseExact(text, "R", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset when)
            ? when
            : null;
}
