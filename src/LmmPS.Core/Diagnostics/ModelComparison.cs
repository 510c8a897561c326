using LmmPS.Core.Common;
using MathNet.Numerics;

namespace LmmPS.Core.Diagnostics;

/// <summary>One model as anova() sees it: its ML log-likelihood and parameter count (theta + p + sigma).</summary>
public sealed record ComparedModel(string Name, string Formula, int Parameters, double LogLikelihood, int Observations);

/// <summary>One row of lme4's anova(m1, m2, ...) table. ChiSquare, Df and PValue are null for the first row;
/// PValue also where Df = 0 (R prints a Chisq and no p-value there).</summary>
public sealed record ComparisonRow(string Name, string Formula, int Parameters, double AIC, double BIC, double LogLikelihood,
    double Deviance, double? ChiSquare, int? Df, double? PValue);

/// <summary>lme4's anova table: models sorted by number of parameters (stable, ties in the given order), each
/// tested against the row before it: Chisq = 2 max(0, logLik_k - logLik_(k-1)), Df = npar_k - npar_(k-1),
/// p = P(chi2_Df &gt; Chisq). Nesting is not checked, as in lme4.</summary>
public static class ModelComparison
{
    public static IReadOnlyList<ComparisonRow> Table(IReadOnlyList<ComparedModel> models)
    {
        if (models is null) throw new ArgumentNullException(nameof(models));
        if (models.Count < 2)
            throw new LmmException("TooFewModels", LmmErrorCategory.InvalidArgument,
                $"A comparison needs at least two models; {models.Count} given.");
        var ordered = models.Select((m, i) => (m, i)).OrderBy(x => x.m.Parameters).ThenBy(x => x.i).Select(x => x.m).ToList();
        var rows = new List<ComparisonRow>(ordered.Count);
        for (int k = 0; k < ordered.Count; k++)
        {
            var m = ordered[k];
            double deviance = -2.0 * m.LogLikelihood;
            double? chi = null, p = null;
            int? df = null;
            if (k > 0)
            {
                var prev = ordered[k - 1];
                chi = 2.0 * Math.Max(0.0, m.LogLikelihood - prev.LogLikelihood);
                df = m.Parameters - prev.Parameters;
                if (df.Value > 0)
                    p = UpperTail(chi.Value, df.Value);
            }
            rows.Add(new ComparisonRow(m.Name, m.Formula, m.Parameters, deviance + 2.0 * m.Parameters,
                deviance + Math.Log(m.Observations) * m.Parameters, m.LogLikelihood, deviance, chi, df, p));
        }
        return rows;
    }

    /// <summary>P(chi2_df &gt; x) = Q(df/2, x/2), the regularized upper incomplete gamma function (accurate for tiny p,
    /// where 1 - CDF would cancel).</summary>
    public static double UpperTail(double x, int df) =>
        x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);
}
