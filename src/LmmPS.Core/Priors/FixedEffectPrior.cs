using System.Globalization;
using LmmPS.Core.Model;

namespace LmmPS.Core.Priors;

/// <summary>A normal prior on the fixed effects, beta ~ N(0, Sigma_beta), as the user gave it: standard deviations
/// (expanded to the model's coefficients when the fit starts, see <see cref="PriorCovariance"/>) or a full covariance.
/// Validation against the model (count, symmetry, positive definiteness) happens when the fit starts, where the
/// coefficient names are known and the messages can name them.</summary>
public sealed class FixedEffectPrior
{
    private FixedEffectPrior(double[]? sd, double[,]? covariance, PriorScale scale, PriorObjective? objective)
    {
        StandardDeviations = sd;
        Covariance = covariance;
        Scale = scale;
        Objective = objective;
    }

    /// <summary>Prior SDs, one per coefficient or fewer: the last value repeats for the remaining coefficients
    /// (blme's rule for one or two values). Null when the prior was given as a covariance.</summary>
    public IReadOnlyList<double>? StandardDeviations { get; }

    /// <summary>The full p x p prior covariance; null when the prior was given as SDs.</summary>
    public double[,]? Covariance { get; }

    public PriorScale Scale { get; }

    /// <summary>The objective asked for; null to follow the method (<see cref="ObjectiveFor"/>).</summary>
    public PriorObjective? Objective { get; }

    public static FixedEffectPrior FromStandardDeviations(IReadOnlyList<double> standardDeviations,
        PriorScale scale = PriorScale.Relative, PriorObjective? objective = null)
    {
        if (standardDeviations is null) throw new ArgumentNullException(nameof(standardDeviations));
        return new FixedEffectPrior(standardDeviations.ToArray(), null, scale, objective);
    }

    public static FixedEffectPrior FromCovariance(double[,] covariance, PriorScale scale = PriorScale.Relative,
        PriorObjective? objective = null)
    {
        if (covariance is null) throw new ArgumentNullException(nameof(covariance));
        return new FixedEffectPrior(null, (double[,])covariance.Clone(), scale, objective);
    }

    /// <summary>The objective used with <paramref name="method"/>: the one asked for, else blme's choice: the
    /// posterior mode (a) for ML and the integrated likelihood (b) for REML.</summary>
    public PriorObjective ObjectiveFor(EstimationMethod method) =>
        Objective ?? (method == EstimationMethod.ML ? PriorObjective.PosteriorMode : PriorObjective.IntegratedLikelihood);

    /// <summary>blme-like text, e.g. <c>normal(sd = c(10, 2.5), Relative)</c>.</summary>
    public override string ToString()
    {
        string body;
        if (StandardDeviations is { } sd)
            body = "sd = " + Vector(sd);
        else
        {
            var c = Covariance!;
            var rows = new List<string>();
            for (int i = 0; i < c.GetLength(0); i++)
            {
                var row = new double[c.GetLength(1)];
                for (int j = 0; j < row.Length; j++) row[j] = c[i, j];
                rows.Add(Vector(row));
            }
            body = "cov = rbind(" + string.Join(", ", rows) + ")";
        }
        return $"normal({body}, {Scale})";
    }

    private static string Vector(IReadOnlyList<double> values)
    {
        var text = values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)).ToArray();
        return text.Length == 1 ? text[0] : "c(" + string.Join(", ", text) + ")";
    }
}
