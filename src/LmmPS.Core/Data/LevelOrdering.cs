using LmmPS.Core.Common;

namespace LmmPS.Core.Data;

/// <summary>Decides the order of a factor's levels. Each method takes the labels in first-seen order and returns,
/// for each of them, its 0-based position in the final level list.</summary>
internal static class LevelOrdering
{
    /// <summary>R's factor() order for the reference data: numerically when every label is a finite number (a
    /// numeric column made a factor sorts by value, so "10" follows "9"), ties (e.g. "1" and "1.0") by ordinal
    /// text; otherwise ordinal (String.CompareOrdinal) order.</summary>
    public static int[] Automatic(IReadOnlyList<string> labels)
    {
        var values = new double[labels.Count];
        bool allNumeric = true;
        for (int i = 0; i < labels.Count && allNumeric; i++)
            allNumeric = NumberText.Classify(labels[i], out values[i]) == NumberTextKind.Finite;

        var order = Enumerable.Range(0, labels.Count).ToArray();
        Comparison<int> compare = allNumeric
            ? (a, b) => { int byValue = values[a].CompareTo(values[b]); return byValue != 0 ? byValue : string.CompareOrdinal(labels[a], labels[b]); }
            : (a, b) => string.CompareOrdinal(labels[a], labels[b]);
        Array.Sort(order, compare);
        return Invert(order);
    }

    /// <summary>The caller's order; a label in the data that the order does not list is an error naming the first
    /// data row that holds such a label.</summary>
    public static int[] Given(string column, IReadOnlyList<string> labels, IReadOnlyList<int> labelFirstRow,
        IReadOnlyList<string> order, string? source)
    {
        var positionOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < order.Count; i++) positionOf[order[i]] = i;

        var result = new int[labels.Count];
        int unknown = -1;
        for (int i = 0; i < labels.Count; i++)
        {
            if (positionOf.TryGetValue(labels[i], out var position)) result[i] = position;
            else if (unknown < 0 || labelFirstRow[i] < labelFirstRow[unknown]) unknown = i;
        }
        if (unknown >= 0)
        {
            const int MaxListed = 20;
            var listed = string.Join(", ", order.Take(MaxListed).Select(DataErrors.Show)) + (order.Count > MaxListed ? ", ..." : "");
            long row = labelFirstRow[unknown] + 1L;
            throw DataErrors.Create("UnknownLevel", LmmErrorCategory.InvalidData,
                $"Column '{column}' holds {DataErrors.Show(labels[unknown])} at data row {row}{DataErrors.InSource(source)}, which is not in the level order given for it ({listed}). " +
                "Add the level to the order, or fix the value.",
                column: column, row: row, path: source);
        }
        return result;
    }

    private static int[] Invert(int[] order)
    {
        var position = new int[order.Length];
        for (int p = 0; p < order.Length; p++) position[order[p]] = p;
        return position;
    }
}
