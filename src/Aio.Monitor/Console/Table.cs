using System.Text;

namespace Aio.Monitor.Console;

/// <summary>A plain-text table with columns as wide as their widest cell, for the console.</summary>
internal sealed class Table(params string[] headers)
{
    private const int MaxCell = 60;

    private readonly List<string[]> _rows = [headers];

    public void Add(params string[] cells) => _rows.Add(cells.Select(c => c.Length > MaxCell ? c[..(MaxCell - 1)] + "…" : c).ToArray());

    public override string ToString()
    {
        int[] widths = new int[headers.Length];
        foreach (string[] row in _rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        foreach (string[] row in _rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
