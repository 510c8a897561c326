using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;

namespace LmmPS.Core.Diagnostics;

/// <summary>The outcome of comparing fits: lme4's anova table, the ML fits it was computed from (refits of the REML
/// ones, or the fits themselves), and which models were refitted.</summary>
public sealed record ComparisonResult(IReadOnlyList<ComparisonRow> Table, IReadOnlyList<FitResult> Fits, IReadOnlyList<string> Refitted);

/// <summary>lme4's anova(m1, m2, ...) for fitted models: checks they were fitted to the same observations, refits
/// REML fits by ML (lme4's refit = TRUE: the REML criterion of models with different fixed effects are not
/// comparable), then builds the likelihood-ratio table (<see cref="ModelComparison"/>).</summary>
public static class ModelComparer
{
    /// <param name="fits">Names (m1, m2, ... or the user's) and fits, in the order given.</param>
    /// <param name="refit">Refit REML fits by ML first (lme4's default); false keeps them as fitted, allowed only
    /// when every model has the same fixed effects.</param>
    /// <param name="cancellationToken">Stops a refit.</param>
    public static ComparisonResult Compare(IReadOnlyList<(string Name, FitResult Fit)> fits, bool refit, CancellationToken cancellationToken = default)
    {
        if (fits is null) throw new ArgumentNullException(nameof(fits));
        if (fits.Count < 2)
            throw new LmmException("TooFewModels", LmmErrorCategory.InvalidArgument,
                $"A comparison needs at least two fits; {fits.Count} given.");
        foreach (var (name, fit) in fits)
            if (fit.Prior is not null)
                throw new LmmException("CompareWithPrior", LmmErrorCategory.NotImplemented,
                    $"Model {name} was fitted with a fixed-effect prior; a likelihood-ratio test of penalised fits is not available.");
        CheckSameData(fits);

        var used = new List<FitResult>(fits.Count);
        var refitted = new List<string>();
        foreach (var (name, fit) in fits)
        {
            if (fit.Method == EstimationMethod.REML && refit)
            {
                // lme4's refitML starts from the REML theta.
                used.Add(LmmFitter.Fit(fit.Design, new FitOptions { Method = EstimationMethod.ML, StartTheta = fit.Theta.ToArray() }, null, cancellationToken));
                refitted.Add(name);
            }
            else
                used.Add(fit);
        }
        if (!refit && used.Any(f => f.Method == EstimationMethod.REML))
        {
            bool mixedMethods = used.Any(f => f.Method == EstimationMethod.ML);
            var first = used[0].Design.FixedEffectNames;
            bool differentFixed = used.Any(f => !f.Design.FixedEffectNames.SequenceEqual(first, StringComparer.Ordinal));
            if (mixedMethods || differentFixed)
                throw new LmmException("IncomparableReml", LmmErrorCategory.InvalidArgument,
                    mixedMethods
                        ? "Some fits are REML and some ML; their criteria are not comparable. Compare with the ML refit (the default) instead of -NoRefit."
                        : "REML fits with different fixed effects have REML criteria on different scales; a likelihood-ratio test between them is meaningless. Compare with the ML refit (the default) instead of -NoRefit.");
        }

        var models = fits.Select((x, i) => new ComparedModel(x.Name, used[i].Design.Formula.Text, used[i].DegreesOfFreedom,
            used[i].LogLikelihood, used[i].Design.RowCount)).ToList();
        return new ComparisonResult(ModelComparison.Table(models), used, refitted);
    }

    /// <summary>The same observations: equal counts and bit-identical responses in the same order.</summary>
    private static void CheckSameData(IReadOnlyList<(string Name, FitResult Fit)> fits)
    {
        var (firstName, firstFit) = fits[0];
        var y0 = firstFit.Design.Response;
        foreach (var (name, fit) in fits.Skip(1))
        {
            var y = fit.Design.Response;
            string? why = y.Length != y0.Length
                ? $"{name} uses {y.Length} observations and {firstName} {y0.Length}"
                : fit.Design.Formula.Response != firstFit.Design.Formula.Response && !y.SequenceEqual(y0)
                    ? $"{name} models '{fit.Design.Formula.Response}' and {firstName} '{firstFit.Design.Formula.Response}'"
                    : !y.SequenceEqual(y0) ? $"the responses of {name} and {firstName} differ" : null;
            if (why is not null)
                throw new LmmException("DifferentData", LmmErrorCategory.InvalidArgument,
                    $"The fits were not fitted to the same data ({why}); likelihood-ratio tests compare models of the same observations.");
        }
    }
}
