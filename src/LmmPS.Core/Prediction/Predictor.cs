using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;

namespace LmmPS.Core.Prediction;

/// <summary>lme4's predict(fit, newdata): new rows built by the fit's schema, then x'beta plus the chosen terms'
/// random effects. A row with a missing value in a right-hand-side variable gets NaN (lme4: NA).</summary>
public static class Predictor
{
    /// <param name="fit">A fit whose design carries a schema (every design built from data does).</param>
    /// <param name="data">The new rows; they need the right-hand-side variables only.</param>
    /// <param name="groups">Grouping factors whose terms contribute, named as the fit names them (<c>Subject</c>,
    /// <c>batch:cask</c>): null for all (lme4's re.form = NULL), empty for none (re.form = NA).</param>
    /// <param name="policy">For a grouping label the fit has not seen.</param>
    /// <returns>One value per row of <paramref name="data"/>.</returns>
    public static double[] Predict(FitResult fit, DataFrame data, IReadOnlyCollection<string>? groups, UnknownLevelPolicy policy)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        var schema = fit.Design.Schema ?? throw new LmmException("NoDesignSchema", LmmErrorCategory.InvalidArgument,
            $"The fit of '{fit.Design.Formula.Text}' has no design schema (its design was assembled by hand), so it cannot be applied to new data.");
        var include = IncludedTerms(schema, groups);
        var rows = NewRowsBuilder.Build(schema, data, policy);
        var terms = rows.Terms.Select((t, j) => include[j]
            ? ((double[], int[], int, double[])?)(t.Z, t.LevelIndex, t.ColumnCount, fit.RandomEffects[j].Modes)
            : null).ToList();
        var eta = LinearPredictor.Compute(rows.RowCount, rows.X, LinearPredictor.Beta(fit), terms);
        var result = new double[data.RowCount];
        for (int i = 0; i < result.Length; i++) result[i] = double.NaN;
        for (int i = 0; i < rows.RowCount; i++) result[rows.Rows[i]] = eta[i];
        return result;
    }

    /// <summary>Which terms (in the schema's order) contribute; an unknown grouping name is an error listing the fit's.</summary>
    public static bool[] IncludedTerms(DesignSchema schema, IReadOnlyCollection<string>? groups)
    {
        var terms = schema.RandomTerms;
        if (groups is null) return terms.Select(_ => true).ToArray();
        var known = new HashSet<string>(terms.Select(t => t.Group), StringComparer.Ordinal);
        foreach (var g in groups)
            if (!known.Contains(g))
                throw new LmmException("UnknownGroupingFactor", LmmErrorCategory.InvalidArgument,
                    $"The fit '{schema.Formula}' has no random-effects term grouped by '{g}'; its grouping factors are {string.Join(", ", known.Select(k => $"'{k}'"))}.")
                { Column = g };
        var chosen = new HashSet<string>(groups, StringComparer.Ordinal);
        return terms.Select(t => chosen.Contains(t.Group)).ToArray();
    }
}
