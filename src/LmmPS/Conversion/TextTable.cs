using System.Text;

namespace LmmPS.Conversion;

/// <summary>Plain-text columns for the fit summary: each column padded to its widest cell, left or right aligned.</summary>
internal sealed class TextTable
{
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = new();

    public TextTable(params bool[] rightAligned) => _rightAligned = rightAligned;

    public void Add(params string[] cells)
    {
        if (cells.Length != _rightAligned.Length)
            throw new ArgumentException($"Expected {_rightAligned.Length} cells, got {cells.Length}.", nameof(cells));
        _rows.Add(cells);
    }

    public void WriteTo(StringBuilder text, string indent)
    {
        var widths = new int[_rightAligned.Length];
        foreach (var row in _rows)
            for (int c = 0; c < row.Length; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        foreach (var row in _rows)
        {
            var line = new StringBuilder(indent);
            for (int c = 0; c < row.Length; c++)
            {
                if (c > 0)
                    line.Append(' ');
                line.Append(_rightAligned[c] ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
            }
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
