using System.Globalization;
using LmmPS.Core.Common;
using LmmPS.Core.Data;

namespace LmmPS.Core.Design;

/// <summary>Prior weights (lme4's <c>lmer(weights = w)</c>): Var(e_i) = sigma^2 / w_i. Reads and checks the weights
/// column, and whitens a design for the fitting code.
///
/// What lme4 1.1-31 does with odd weights, and what we do (checked with R on sleepstudy):
/// a missing weight (NA) drops the row, like a missing value in any other column the model uses (na.omit) - so do
/// we; a negative weight is an error ("all(weights >= 0) is not TRUE") - so is ours, naming the row; a zero weight
/// is accepted but the criterion is then -sum log w = +infinity (lme4 reports "REML criterion at convergence: Inf"
/// and an arbitrary optimum) - we refuse it, naming the row, and say to drop such rows instead (a row of weight 0
/// carries no information: dropping it is the limit the user means).</summary>
public static class PriorWeights
{
    /// <summary>The weights column of <paramref name="data"/>: it must exist and be numeric.</summary>
    public static NumericColumn Resolve(DataFrame data, string column)
    {
        if (data is null) throw new ArgumentNullException(nameof(data));
        if (string.IsNullOrEmpty(column))
            throw new LmmException("WeightsColumnNotFound", LmmErrorCategory.InvalidArgument,
                "The weights column name is empty; give the name of a numeric data column.");
        if (!data.TryGetColumn(column, out var found))
        {
            var known = data.ColumnNames.ToList();
            string? suggestion = ColumnResolver.NearestName(column, known);
            string hint = suggestion is null ? "The data has no columns." : $"Did you mean '{suggestion}'? Column names are case-sensitive.";
            throw new LmmException("WeightsColumnNotFound", LmmErrorCategory.ObjectNotFound,
                $"The weights column '{column}' is not in the data. {hint}")
            { Column = column };
        }
        if (found is not NumericColumn numeric)
        {
            var levels = ((CategoricalColumn)found).Levels;
            string shown = string.Join(", ", levels.Take(5).Select(l => $"'{l}'")) + (levels.Count > 5 ? ", ..." : "");
            throw new LmmException("NonNumericWeights", LmmErrorCategory.InvalidData,
                $"The weights column '{column}' is categorical (levels {shown}); prior weights must be positive numbers. " +
                $"Read '{column}' as numeric if its values are numbers.")
            { Column = column };
        }
        return numeric;
    }

    /// <summary>The weights of the rows used (0-based data rows <paramref name="rowsUsed"/>, which exclude rows whose
    /// weight is missing), each checked to be finite and &gt; 0; errors name the 1-based data row and the value.</summary>
    public static double[] Read(NumericColumn column, int[] rowsUsed)
    {
        if (column is null) throw new ArgumentNullException(nameof(column));
        if (rowsUsed is null) throw new ArgumentNullException(nameof(rowsUsed));
        var w = new double[rowsUsed.Length];
        for (int i = 0; i < w.Length; i++)
        {
            int row = rowsUsed[i];
            double v = column[row];
            string text = v.ToString("R", CultureInfo.InvariantCulture);
            if (double.IsNaN(v) || double.IsInfinity(v))
                throw new LmmException("WeightNotFinite", LmmErrorCategory.InvalidData,
                    $"The weight in column '{column.Name}' at data row {row + 1} is {text}; prior weights must be finite numbers > 0.")
                { Column = column.Name, Row = row + 1 };
            if (v == 0.0)
                throw new LmmException("WeightNotPositive", LmmErrorCategory.InvalidData,
                    $"The weight in column '{column.Name}' at data row {row + 1} is 0. A zero weight gives the criterion -sum log w = +infinity " +
                    "(lme4 accepts it and reports an infinite REML criterion); a row of weight 0 carries no information: drop the rows with weight 0.")
                { Column = column.Name, Row = row + 1 };
            if (v < 0.0)
                throw new LmmException("WeightNotPositive", LmmErrorCategory.InvalidData,
                    $"The weight in column '{column.Name}' at data row {row + 1} is {text}; prior weights must be > 0 (lme4 refuses negative weights too).")
                { Column = column.Name, Row = row + 1 };
            w[i] = v;
        }
        return w;
    }

    /// <summary>sum_i log w_i, the constant the weights add to -2 log-likelihood (with the opposite sign); 0 without weights.</summary>
    public static double SumLog(double[]? weights)
    {
        if (weights is null) return 0.0;
        double s = 0.0;
        foreach (double w in weights) s += Math.Log(w);
        return s;
    }

    /// <summary>The design the fitting code works on: with W = diag(w), the weighted model y = X beta + Z b + e,
    /// Var(e) = sigma^2 W^-1, is the unweighted model of W^1/2 y = W^1/2 X beta + W^1/2 Z b + e~, Var(e~) = sigma^2 I.
    /// So the cross-product is A = [Z X y]'W[Z X y] (each row of X, y and every term's Z scaled by sqrt(w_i)), and
    /// pwrss, the log-determinants, beta, u, sigma, the gradient and the Hessian approximation are those of the
    /// whitened design; the only other trace of the weights is the Jacobian of e -> e~, |W^1/2|, which adds
    /// -sum log w to -2 log-likelihood (<see cref="Model.ProfiledCriterion"/>). The design itself when it has no
    /// weights (no copy, no pass over the rows). The whitened design carries no weights (it is the unweighted model).</summary>
    public static ModelDesign Whitened(ModelDesign design)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        var w = design.Weights;
        if (w is null) return design;
        int n = design.RowCount, p = design.FixedEffectCount;
        var root = new double[n];
        for (int i = 0; i < n; i++) root[i] = Math.Sqrt(w[i]);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = root[i] * design.Response[i];
        var x = new double[design.X.Length];
        for (int j = 0; j < p; j++)
            for (int i = 0; i < n; i++)
                x[j * n + i] = root[i] * design.X[j * n + i];
        var terms = design.RandomTerms.Select(t =>
        {
            int k = t.ColumnCount;
            var z = new double[t.Z.Length];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < k; c++)
                    z[i * k + c] = root[i] * t.Z[i * k + c];
            return new RandomEffectsTerm(t.Group, t.Levels, t.LevelIndex, k, z, t.ColumnNames);
        }).ToArray();
        return new ModelDesign(design.Formula, y, x, design.FixedEffectNames, design.DroppedFixedEffects, terms,
            design.RowsUsed, design.RowsDropped, design.Schema) { Warnings = design.Warnings };
    }
}
