using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design.Transforms;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>Builds R's model frame as lme4 does: the formula's variables, rows with a missing value in any of
/// them removed (na.omit), factor levels that no longer occur dropped (drop.unused.levels = TRUE).</summary>
internal static class ModelFrameBuilder
{
    /// <param name="formula">The parsed formula.</param>
    /// <param name="data">The data it reads.</param>
    /// <param name="weights">The prior-weights column, if any: like lme4's model frame, a row whose weight is missing
    /// is dropped too.</param>
    public static ModelFrame Build(Formula formula, DataFrame data, Column? weights = null)
    {
        var names = formula.Variables.ToList();
        var learned = new Dictionary<string, TransformParameters>(StringComparer.Ordinal);
        var columns = names.Select(n => Column(formula, data, n, learned)).ToList();

        if (columns[0] is not NumericColumn)
            throw NonNumericResponse(formula, (CategoricalColumn)columns[0]);

        int[] rowsUsed = CompleteRows(weights is null ? columns : columns.Append(weights).ToList(), data.RowCount);
        if (rowsUsed.Length == 0)
            throw NoCompleteRows(formula, columns, data.RowCount);

        var variables = columns.Select(c => Restrict(c, rowsUsed));
        return new ModelFrame(variables, rowsUsed, data.RowCount - rowsUsed.Length) { Learned = learned };
    }

    /// <summary>A data column, or a computed variable evaluated over every data row (R evaluates the model frame's
    /// variables before na.omit), recording what a transform learnt.</summary>
    private static Column Column(Formula formula, DataFrame data, string name, Dictionary<string, TransformParameters> learned)
    {
        if (!formula.Computed.TryGetValue(name, out var call))
            return ColumnResolver.Resolve(formula, data, name);
        var (column, parameters) = ComputedColumns.Build(formula.Text, name, call, data, c => ColumnResolver.Resolve(formula, data, c), null, newRows: false);
        if (parameters is not null)
            learned[name] = parameters;
        return column;
    }

    private static int[] CompleteRows(IReadOnlyList<Column> columns, int rowCount)
    {
        var used = new List<int>(rowCount);
        for (int r = 0; r < rowCount; r++)
        {
            bool complete = true;
            foreach (var c in columns)
            {
                if (c.IsMissing(r))
                {
                    complete = false;
                    break;
                }
            }
            if (complete)
                used.Add(r);
        }
        return used.ToArray();
    }

    internal static FrameVariable Restrict(Column column, int[] rows)
    {
        if (column is MatrixColumn matrix)
            return new MatrixVariable(column.Name, matrix.Columns.Select(c => rows.Select(r => c[r]).ToArray()).ToArray(), matrix.Suffixes);
        if (column is NumericColumn numeric)
        {
            var values = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++)
                values[i] = numeric[rows[i]];
            return new NumericVariable(column.Name, values);
        }

        var factor = (CategoricalColumn)column;
        var present = new bool[factor.Levels.Count];
        foreach (int r in rows)
            present[factor[r]] = true;
        // Renumber the levels that occur, keeping the column's level order.
        var newCode = new int[present.Length];
        var levels = new List<string>();
        for (int l = 0; l < present.Length; l++)
        {
            newCode[l] = present[l] ? levels.Count : -1;
            if (present[l])
                levels.Add(factor.Levels[l]);
        }
        var codes = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            codes[i] = newCode[factor[rows[i]]];
        return new FactorVariable(column.Name, codes, levels, factor.IsOrdered);
    }

    /// <summary>Names the first value (in row order, 1-based data rows) that does not read as a number, and how many
    /// rows do not: that is what to fix. A response read as categorical whose values are all numbers (forced by
    /// -Categorical) says so instead.</summary>
    private static LmmException NonNumericResponse(Formula formula, CategoricalColumn response)
    {
        var notNumber = new bool[response.Levels.Count];
        for (int l = 0; l < notNumber.Length; l++)
            notNumber[l] = NumberText.Classify(response.Levels[l], out _) != NumberTextKind.Finite;
        int first = -1, count = 0, present = 0;
        for (int i = 0; i < response.Length; i++)
        {
            int code = response[i];
            if (code < 0)
                continue;
            present++;
            if (!notNumber[code])
                continue;
            count++;
            if (first < 0)
                first = i;
        }
        int firstPresent = Enumerable.Range(0, response.Length).FirstOrDefault(i => response[i] >= 0);
        string detail = first < 0
            ? $"all its values are numbers (the first is {MessageText.QuotedValue(response.Levels.Count == 0 ? "" : response.Levels[Math.Max(0, response[firstPresent])])} " +
              $"in row {firstPresent + 1}), but it was read as categorical (e.g. by -Categorical)"
            : $"its first value that is not a number is {MessageText.QuotedValue(response.Levels[response[first]])} in row {first + 1} " +
              $"({count} of the {present} rows are not numbers)";
        return new LmmException(
            "NonNumericResponse",
            LmmErrorCategory.InvalidData,
            $"The response '{response.Name}' is categorical: {detail}; a linear mixed model needs a numeric response. " +
            $"Choose a numeric column as the response, or fix those values so that '{response.Name}' reads as numeric.")
        {
            Column = response.Name,
            Row = first < 0 ? null : first + 1,
            Position = FormulaLocator.FindVariable(formula.Text, response.Name),
        };
    }

    private static LmmException NoCompleteRows(Formula formula, IReadOnlyList<Column> columns, int rowCount)
    {
        var counts = columns
            .Select(c => (c.Name, Missing: Enumerable.Range(0, rowCount).Count(c.IsMissing)))
            .Where(x => x.Missing > 0)
            .ToList();
        string detail = counts.Count == 0
            ? "the data has no rows"
            : "missing values per column: " + string.Join(", ", counts.Select(x => $"'{x.Name}' {x.Missing} of {rowCount}"));
        return new LmmException(
            "NoCompleteRows",
            LmmErrorCategory.InvalidData,
            $"No row has a value in every column the formula '{formula.Text}' uses ({detail}). " +
            "Fill in the missing values or remove the mostly-missing variable from the formula.")
        {
            Column = counts.Count == 0 ? null : counts.OrderByDescending(x => x.Missing).First().Name,
        };
    }
}
