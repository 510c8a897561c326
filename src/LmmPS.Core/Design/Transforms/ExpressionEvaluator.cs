using System.Globalization;
using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design.Transforms;

/// <summary>Evaluates the element-wise arithmetic of a formula function call (numbers, columns, + - * / ^, log, log10,
/// log2, log1p, exp, sqrt, abs, I) over every row of a data frame, as R evaluates a model-frame variable before
/// na.omit. A missing input gives a missing (NaN) result; a present input that gives a non-finite result (log of 0,
/// sqrt of a negative, division by 0) is an error naming the 1-based data row and the value.</summary>
internal sealed class ExpressionEvaluator
{
    private readonly string formulaText;
    private readonly Func<string, Column> column;

    /// <param name="formulaText">For error messages.</param>
    /// <param name="column">Looks a column up by name (throws a column-not-found error naming it).</param>
    public ExpressionEvaluator(string formulaText, Func<string, Column> column)
    {
        this.formulaText = formulaText;
        this.column = column;
    }

    /// <summary>The values of <paramref name="node"/> per data row; NaN where an input is missing.</summary>
    /// <param name="node">The expression.</param>
    /// <param name="label">The variable being computed (for error messages).</param>
    /// <param name="rowCount">The number of data rows.</param>
    public double[] Evaluate(ExpressionNode node, string label, int rowCount)
    {
        var values = Values(node, rowCount);
        for (int r = 0; r < values.Length; r++)
        {
            if (!IsFinite(values[r]) && !HasMissingInput(node, r))
                throw NonFinite(node, label, r, values[r]);
        }
        return values;
    }

    private double[] Values(ExpressionNode node, int n)
    {
        switch (node)
        {
            case NumberExpression number:
                return Fill(n, number.Value);
            case ColumnExpression c:
                return Numbers(c);
            case ParenExpression paren:
                return Values(paren.Inner, n);
            case UnaryExpression unary:
                var operand = Values(unary.Operand, n);
                return unary.Operator == '-' ? Map(operand, v => -v) : operand;
            case BinaryExpression binary:
                var left = Values(binary.Left, n);
                var right = Values(binary.Right, n);
                var result = new double[n];
                for (int i = 0; i < n; i++)
                    result[i] = Apply(binary.Operator, left[i], right[i]);
                return result;
            case CallExpression call when call.Function != "poly" && call.Function != "scale" && call.Function != "factor":
                var argument = Values(call.Arguments[0].Value, n);
                return Map(argument, Function(call.Function));
            default:
                throw new LmmException("UnsupportedFormulaConstruct", LmmErrorCategory.NotImplemented,
                    $"'{node.Label}' cannot be evaluated as a number here (formula position {node.Position}).")
                { Position = node.Position };
        }
    }

    private static double Apply(char op, double a, double b) => op switch
    {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        '/' => a / b,
        // R: x^0 is 1 and 1^y is 1 even for NaN; Math.Pow agrees on both.
        _ => Math.Pow(a, b),
    };

    internal static Func<double, double> Function(string name) => name switch
    {
        "log" => Math.Log,
        "log10" => Math.Log10,
        "log2" => Log2,
        // log(1 + v) loses v's digits for small v; the series is exact to rounding for |v| < 1e-4.
        "log1p" => v => Math.Abs(v) < 1e-4 ? v * (1 - v * (0.5 - v * (1.0 / 3 - v / 4))) : Math.Log(1 + v),
        "exp" => Math.Exp,
        "sqrt" => Math.Sqrt,
        "abs" => Math.Abs,
        "I" or "offset" => v => v,
        _ => throw new ArgumentException("Not an element-wise function: " + name, nameof(name)),
    };

    // log2 of a power of two must be exact, as R's is: Math.Log(v) / Math.Log(2) gives 2.9999999999999996 for 8.
#if NETSTANDARD2_0
    private static double Log2(double v)
    {
        double r = Math.Log(v) / Math.Log(2.0), k = Math.Round(r);
        return Math.Abs(r - k) < 1e-9 && Math.Pow(2.0, k) == v ? k : r;
    }
#else
    private static double Log2(double v) => Math.Log2(v);
#endif

    private double[] Numbers(ColumnExpression c)
    {
        var data = column(c.Name);
        if (data is NumericColumn numeric)
            return numeric.Values.ToArray();
        var factor = (CategoricalColumn)data;
        throw new LmmException("NonNumericInExpression", LmmErrorCategory.InvalidData,
            $"The formula computes with '{c.Name}' (formula position {c.Position}), but it is categorical (levels {Describe(factor.Levels)}); " +
            "arithmetic and functions such as log() need a numeric column. Read it as numeric (-Numeric) if its values are numbers.")
        {
            Column = c.Name,
            Position = c.Position,
        };
    }

    private bool HasMissingInput(ExpressionNode node, int row) =>
        node.Columns.Any(name => column(name).IsMissing(row));

    private LmmException NonFinite(ExpressionNode node, string label, int row, double value)
    {
        var inputs = string.Join(", ", node.Columns.Select(name =>
            $"{name} = {((NumericColumn)column(name))[row].ToString("R", CultureInfo.InvariantCulture)}"));
        string shown = double.IsNaN(value) ? "not a number (NaN)" : value > 0 ? "+Infinity" : "-Infinity";
        return new LmmException("NonFiniteTransform", LmmErrorCategory.InvalidData,
            $"'{label}' is {shown} in data row {row + 1} ({inputs}): a model needs finite values. " +
            "Remove or correct the row, or change the transformation (e.g. log(x + 1) for a count with zeros).")
        {
            Column = node.Columns.FirstOrDefault(),
            Row = row + 1,
            Position = node.Position,
        };
    }

    private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

    private static double[] Fill(int n, double value)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = value;
        return a;
    }

    private static double[] Map(double[] values, Func<double, double> f)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = f(values[i]);
        return result;
    }

    private static string Describe(IReadOnlyList<string> levels) =>
        string.Join(", ", levels.Take(5).Select(l => $"'{l}'")) + (levels.Count > 5 ? ", ..." : "");
}
