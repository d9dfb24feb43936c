namespace Aio.Monitor;

/// <summary>
/// The one filter and sort both the console's <c>ps</c> and the API's <c>GET /api/tasks</c> use: a
/// filter text matches a task whose name contains it or whose state is it (ignoring case).
/// </summary>
internal static class TaskQuery
{
    /// <summary>The sort keys, for messages.</summary>
    public const string SortKeys = "id, name, state, busy or age";

    /// <summary>Whether <paramref name="sort"/> is a known key.</summary>
    public static bool IsSortKey(string sort) => sort is "id" or "name" or "state" or "busy" or "age";

    /// <summary>The tasks that match <paramref name="filter"/> (all when null or empty), in <paramref name="sort"/> order.</summary>
    public static IEnumerable<TaskSnapshot> Apply(IEnumerable<TaskSnapshot> tasks, string? filter, string sort)
    {
        IEnumerable<TaskSnapshot> shown = string.IsNullOrEmpty(filter)
            ? tasks
            : tasks.Where(t => t.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) || t.State.Equals(filter, StringComparison.OrdinalIgnoreCase));
        return sort switch
        {
            "name" => shown.OrderBy(t => t.Name, StringComparer.Ordinal),
            "state" => shown.OrderBy(t => t.State, StringComparer.Ordinal).ThenBy(t => t.Id),
            "busy" => shown.OrderByDescending(t => t.Counters?.BusySeconds ?? 0),
            "age" => shown.OrderByDescending(t => t.Counters?.AgeSeconds ?? 0),
            _ => shown.OrderBy(t => t.Id),
        };
    }
}
