using LmmPS.Core.Common;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;

namespace LmmPS.Core.Prediction;

/// <summary>lme4's predict(fit, newdata): new rows built by the fit's schema, then x'beta plus the chosen terms'
/// random effects plus the formula's offset() evaluated on the new rows. A row with a missing value in a right-hand-side variable gets NaN (lme4: NA).</summary>
public static class Predictor
{
    /// <summary>Predictions from a fit (see <see cref="Predict(PredictionModel, DataFrame, IReadOnlyCollection{string}, UnknownLevelPolicy, ICollection{LmmException})"/>).</summary>
    public static double[] Predict(FitResult fit, DataFrame data, IReadOnlyCollection<string>? groups, UnknownLevelPolicy policy,
        ICollection<LmmException>? rowErrors = null) =>
        Predict(PredictionModel.FromFit(fit), data, groups, policy, rowErrors);

    /// <param name="model">The fit's schema and estimates.</param>
    /// <param name="data">The new rows; they need the right-hand-side variables only.</param>
    /// <param name="groups">Grouping factors whose terms contribute, named as the fit names them (<c>Subject</c>,
    /// <c>batch:cask</c>): null for all (lme4's re.form = NULL), empty for none (re.form = NA).</param>
    /// <param name="policy">For a grouping label the fit has not seen.</param>
    /// <param name="rowErrors">When given, a row that cannot be predicted (a new level of a fixed-effects factor, a new
    /// grouping level under the Error policy) is reported here and gets NaN; when null, such a row throws.</param>
    /// <returns>One value per row of <paramref name="data"/>.</returns>
    public static double[] Predict(PredictionModel model, DataFrame data, IReadOnlyCollection<string>? groups, UnknownLevelPolicy policy,
        ICollection<LmmException>? rowErrors = null)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        var include = IncludedTerms(model.Schema, groups);
        var rows = NewRowsBuilder.Build(model.Schema, data, policy, rowErrors);
        var terms = rows.Terms.Select((t, j) => include[j]
            ? ((double[], int[], int, double[])?)(t.Z, t.LevelIndex, t.ColumnCount, model.Modes[j])
            : null).ToList();
        var eta = LinearPredictor.AddOffset(LinearPredictor.Compute(rows.RowCount, rows.X, model.Beta, terms), rows.Offset);
        var result = new double[data.RowCount];
        for (int i = 0; i < result.Length; i++) result[i] = double.NaN;
        for (int i = 0; i < rows.RowCount; i++) result[rows.Rows[i]] = eta[i];
        return result;
    }

    /// <summary>Which terms (in the schema's order) contribute; an unknown grouping name is an error listing the fit's.</summary>
    public static bool[] IncludedTerms(DesignSchema schema, IReadOnlyCollection<string>? groups)
    {
        if (schema is null) throw new ArgumentNullException(nameof(schema));
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
