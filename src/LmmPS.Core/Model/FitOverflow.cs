using LmmPS.Core.Common;
using LmmPS.Core.Design;

namespace LmmPS.Core.Model;

/// <summary>Tells overflow from near-collinearity when the optimizer found no theta at which the model can be evaluated
/// (issue 17 item 10). The objective needs squares: a start value theta_i enters L through theta_i^2 times up to n
/// rows' worth of Z'Z, and a column through its sum of squares in [X y]'[X y]; beyond the largest double (about
/// 1.8e308) the factorization sees infinities and fails as a singular X would. The fitter reparametrises badly scaled
/// columns (Scaling/), so a column overflows here only where that is not done (under a fixed-effect prior).</summary>
internal static class FitOverflow
{
    /// <summary>The overflow that explains a failure to evaluate, or null when none does (near-collinearity, say).</summary>
    /// <param name="working">The design the cross-product was formed from (whitened).</param>
    /// <param name="start">The optimizer's start.</param>
    /// <param name="names">theta's names, for the message.</param>
    /// <param name="optimizerMessage">What the optimizer said, kept in the message.</param>
    public static LmmException? Explain(ModelDesign working, IReadOnlyList<double> start, IReadOnlyList<string> names, string optimizerMessage)
    {
        int n = working.RowCount;
        for (int i = 0; i < start.Count; i++)
            if (double.IsInfinity(start[i] * start[i] * n))
                return new LmmException("FitOverflow", LmmErrorCategory.InvalidArgument,
                    $"The start value {Show(start[i])} of theta element {i + 1} ('{names[i]}') overflows: its square times the {n} rows is beyond the largest double (about 1.8e308), so the model could not be evaluated there ({optimizerMessage}). Give start values near 1, the scale of lme4's default start (an SD relative to sigma).");

        if (double.IsInfinity(SumOfSquares(working.Response, 0, n)))
            return ColumnOverflow(working.Formula.Response, "response", optimizerMessage);
        for (int t = 0; t < working.FixedEffectCount; t++)
            if (double.IsInfinity(SumOfSquares(working.X, t * n, n)))
                return ColumnOverflow(working.FixedEffectNames[t], "fixed-effects column", optimizerMessage);
        return null;
    }

    private static LmmException ColumnOverflow(string name, string what, string optimizerMessage) =>
        new("FitOverflow", LmmErrorCategory.InvalidData,
            $"The {what} '{name}' overflows the cross-product: the sum of its squared values is beyond the largest double (about 1.8e308), so the model could not be evaluated at any theta ({optimizerMessage}). Rescale it (divide by a power of 10) and fit again.")
        { Column = name };

    private static double SumOfSquares(double[] values, int offset, int count)
    {
        double s = 0.0;
        for (int i = offset; i < offset + count; i++) s += values[i] * values[i];
        return s;
    }

    private static string Show(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
