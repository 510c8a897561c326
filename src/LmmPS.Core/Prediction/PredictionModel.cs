using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;

namespace LmmPS.Core.Prediction;

/// <summary>All a prediction needs from a fit: its design schema, beta-hat and each term's conditional modes
/// (levels x k, row-major, in the schema's term order). Built from a <see cref="FitResult"/>, or from the plain
/// values a fit written out and read back still carries (schema text, estimates, modes).</summary>
public sealed class PredictionModel
{
    public PredictionModel(DesignSchema schema, IReadOnlyList<double> beta, IReadOnlyList<double[]> modes)
    {
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        Beta = beta ?? throw new ArgumentNullException(nameof(beta));
        Modes = modes ?? throw new ArgumentNullException(nameof(modes));
        if (beta.Count != schema.FixedEffectNames.Count)
            throw Inconsistent($"{beta.Count} fixed-effect estimates for {schema.FixedEffectNames.Count} columns of X");
        if (modes.Count != schema.RandomTerms.Count)
            throw Inconsistent($"{modes.Count} tables of random effects for {schema.RandomTerms.Count} terms");
        for (int t = 0; t < modes.Count; t++)
        {
            var term = schema.RandomTerms[t];
            if (modes[t].Length != term.Levels.Count * term.ColumnNames.Count)
                throw Inconsistent($"{modes[t].Length} random effects for '{term.Group}', which has {term.Levels.Count} levels x {term.ColumnNames.Count} columns");
        }
    }

    public DesignSchema Schema { get; }

    public IReadOnlyList<double> Beta { get; }

    public IReadOnlyList<double[]> Modes { get; }

    public static PredictionModel FromFit(FitResult fit)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        var schema = fit.Design.Schema ?? throw new LmmException("NoDesignSchema", LmmErrorCategory.InvalidArgument,
            $"The fit of '{fit.Design.Formula.Text}' has no design schema (its design was assembled by hand), so it cannot be applied to new data.");
        return new PredictionModel(schema, fit.FixedEffects.Select(f => f.Estimate).ToArray(), fit.RandomEffects.Select(r => r.Modes).ToArray());
    }

    private static LmmException Inconsistent(string what) =>
        new("InconsistentFit", LmmErrorCategory.InvalidData, $"The fit's stored values do not match its design schema: {what}.");
}
