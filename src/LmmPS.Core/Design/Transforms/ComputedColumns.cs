using System.Globalization;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design.Transforms;

/// <summary>The column of one computed formula variable over every data row: <c>log(x)</c>, <c>I(x - 1)</c>, ... as
/// numbers; <c>poly(x, k)</c> as k columns; <c>scale(x)</c> centred and scaled; <c>factor(x)</c> as a factor whose levels
/// are the distinct values sorted numerically, labelled by R's as.character. When fitting, poly() and scale() learn
/// their parameters from the data (all rows where the argument is present, as R evaluates before na.omit); on new rows
/// they reuse the fit's (R's predvars), and factor() gives its argument's values for the fit's levels to code.</summary>
internal static class ComputedColumns
{
    /// <param name="formulaText">For error messages.</param>
    /// <param name="label">The variable's name (R's deparse of <paramref name="call"/>).</param>
    /// <param name="call">The call to evaluate.</param>
    /// <param name="data">The rows to evaluate it on.</param>
    /// <param name="column">Looks a data column up by name (throws naming a missing one).</param>
    /// <param name="learned">The fit's parameters for new rows; null when fitting (they are learnt and returned).</param>
    /// <param name="newRows">True on new rows: factor() returns the values to match against the fit's levels.</param>
    public static (Column Column, TransformParameters? Learned) Build(string formulaText, string label, CallExpression call,
        DataFrame data, Func<string, Column> column, TransformParameters? learned, bool newRows)
    {
        var evaluator = new ExpressionEvaluator(formulaText, column);
        int n = data.RowCount;
        switch (call.Function)
        {
            case "poly":
                return Poly(label, call, evaluator.Evaluate(call.Arguments[0].Value, label, n), learned);
            case "scale":
                return Scale(label, call, evaluator.Evaluate(call.Arguments[0].Value, label, n), learned);
            case "factor":
                return (Factor(label, call, evaluator, column, n, newRows), null);
            default:
                return (new NumericColumn(label, evaluator.Evaluate(call, label, n)), null);
        }
    }

    private static (Column, TransformParameters?) Poly(string label, CallExpression call, double[] x, TransformParameters? learned)
    {
        if (learned is null)
        {
            int missing = Array.FindIndex(x, double.IsNaN);
            if (missing >= 0)
                throw new LmmException("MissingInPoly", LmmErrorCategory.InvalidData,
                    $"'{label}' has a missing value in data row {missing + 1}; R's poly() refuses missing values too. Remove the rows with missing values first.")
                {
                    Row = missing + 1,
                    Position = call.Position,
                };
            int degree = (int)((NumberExpression)call.Arguments[1].Value).Value;
            var (alpha, norm2) = OrthogonalPolynomial.Fit(x, degree, label);
            learned = TransformParameters.Poly(alpha, norm2);
        }
        var columns = OrthogonalPolynomial.Columns(x, learned.Alpha, learned.Norm2);
        var suffixes = Enumerable.Range(1, columns.Length).Select(j => j.ToString(CultureInfo.InvariantCulture)).ToArray();
        return (new MatrixColumn(label, columns, suffixes), learned);
    }

    private static (Column, TransformParameters?) Scale(string label, CallExpression call, double[] x, TransformParameters? learned)
    {
        if (learned is null)
        {
            bool center = call.Named("center") is not LogicalExpression { Value: false };
            bool scale = call.Named("scale") is not LogicalExpression { Value: false };
            var present = x.Where(v => !double.IsNaN(v)).ToArray();
            double? centre = center ? present.Average() : null;
            double? divisor = null;
            if (scale)
            {
                // R's scale(): the standard deviation (n - 1) after centring; without centring the root mean square
                // sqrt(sum(x^2) / max(1, n - 1)).
                double c = centre ?? 0, sum = 0;
                foreach (var v in present) sum += (v - c) * (v - c);
                divisor = Math.Sqrt(sum / Math.Max(1, present.Length - 1));
                if (!(divisor > 0))
                    throw new LmmException("ScaleOfConstant", LmmErrorCategory.InvalidData,
                        $"'{label}' divides by a scale of 0: the variable does not vary in the data. Remove the term or use scale(x, scale = FALSE).")
                    { Position = call.Position };
            }
            learned = TransformParameters.ScaleBy(centre, divisor);
        }
        var values = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            values[i] = (x[i] - (learned.Center ?? 0)) / (learned.Scale ?? 1);
        return (new NumericColumn(label, values), learned);
    }

    private static Column Factor(string label, CallExpression call, ExpressionEvaluator evaluator, Func<string, Column> column, int n, bool newRows)
    {
        var argument = call.Arguments[0].Value;
        if (argument is ColumnExpression c && column(c.Name) is CategoricalColumn categorical)
        {
            // factor() of a factor: the same levels (unused ones are dropped with the model frame's).
            var codes = categorical.Codes.ToArray();
            return new CategoricalColumn(label, codes, categorical.Levels, categorical.IsOrdered);
        }
        var x = evaluator.Evaluate(argument, label, n);
        if (newRows)
            return new NumericColumn(label, x);
        // Levels: the distinct values sorted numerically, labelled by as.character (2 and 10 give "2", "10").
        var levels = new List<string>();
        var codeOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in x.Where(v => !double.IsNaN(v)).Distinct().OrderBy(v => v))
        {
            var text = RNumberFormat.Format(v);
            if (!codeOf.ContainsKey(text))
            {
                codeOf.Add(text, levels.Count);
                levels.Add(text);
            }
        }
        var result = new int[n];
        for (int i = 0; i < n; i++)
            result[i] = double.IsNaN(x[i]) ? -1 : codeOf[RNumberFormat.Format(x[i])];
        return new CategoricalColumn(label, result, levels);
    }
}
