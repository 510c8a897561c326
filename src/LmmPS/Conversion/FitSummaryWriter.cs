using System.Globalization;
using System.Text;

namespace LmmPS.Conversion;

/// <summary>
/// The text of a fit's default view, laid out like lme4's <c>summary()</c> so a statistician finds everything where
/// they expect it: method and formula, fit criteria, the random-effects table (variance, std. dev., correlations
/// with earlier columns of the term), group sizes, the fixed-effects table, and how the optimizer ended.
/// Numbers use the invariant culture so the view reads the same in every locale and a test can pin it.
/// </summary>
internal static class FitSummaryWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(LmmFit fit)
    {
        var text = new StringBuilder();
        bool reml = fit.Method == "REML";
        text.Append("Linear mixed model fit by ").Append(reml ? "REML" : "maximum likelihood").Append('\n');
        text.Append("Formula: ").Append(fit.Formula).Append('\n');
        text.Append("Data: ").Append(fit.Design.Source).Append('\n');
        if (fit.Prior is not null)
            text.Append("Fixed-effect prior: ").Append(fit.Prior).Append(", objective ").Append(fit.PriorObjective)
                .Append("; prior penalty ").Append(Fixed(fit.PriorPenalty!.Value, 4)).Append(", penalised objective ")
                .Append(Fixed(fit.PenalizedObjective!.Value, 4)).Append(" (the criteria below exclude the prior, as blme)\n");
        text.Append('\n');

        if (reml)
            text.Append("REML criterion at convergence: ").Append(Fixed(fit.Objective, 4)).Append('\n').Append('\n');
        var criteria = new TextTable(true, true, true, true, true);
        criteria.Add("AIC", "BIC", "logLik", reml ? "REML crit" : "deviance", "df.resid");
        criteria.Add(Fixed(fit.AIC, 4), Fixed(fit.BIC, 4), Fixed(fit.LogLik, 4), Fixed(fit.Objective, 4),
            (fit.Observations - fit.DegreesOfFreedom).ToString(Inv));
        criteria.WriteTo(text, " ");
        text.Append('\n');
        SummaryBlocks.ScaledResiduals(text, fit);

        text.Append("Random effects:\n");
        var random = new TextTable(false, false, true, true, false);
        random.Add("Groups", "Name", "Variance", "Std.Dev.", "Corr");
        string? previousGroup = null;
        foreach (var row in fit.VarianceComponents)
        {
            bool residual = row.Group == "Residual";
            string group = row.Group == previousGroup ? string.Empty : row.Group;
            previousGroup = row.Group;
            random.Add(group, residual ? string.Empty : row.Name, Significant(row.Variance, 5), Significant(row.StdDev, 5), Correlations(row.Correlation));
        }
        random.WriteTo(text, " ");
        text.Append("Number of obs: ").Append(fit.Observations.ToString(Inv));
        var groups = fit.Design.Engine.RandomTerms
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .Select(g => $"{g.Key}, {g.First().LevelCount.ToString(Inv)}");
        text.Append(", groups: ").Append(string.Join("; ", groups)).Append('\n').Append('\n');

        text.Append("Fixed effects:\n");
        WriteFixedEffects(text, fit);
        text.Append('\n');
        SummaryBlocks.Correlation(text, fit);

        text.Append(fit.Converged ? "Converged" : "DID NOT CONVERGE").Append(" after ").Append(fit.Evaluations.ToString(Inv))
            .Append(" evaluations (").Append(fit.Optimizer).Append(", ")
            .Append(fit.ElapsedSeconds.ToString("0.###", Inv)).Append(" s)");
        if (!string.IsNullOrEmpty(fit.ConvergenceMessage))
            text.Append(": ").Append(fit.ConvergenceMessage);
        text.Append('\n');
        if (fit.ProjectedGradientNorm is double gradientNorm)
            text.Append("max|projected gradient| at the optimum: ").Append(gradientNorm.ToString("G3", Inv)).Append('\n');
        if (fit.Singular)
            text.Append("boundary (singular) fit: ").Append(string.Join(", ", fit.SingularTerms)).Append('\n');
        foreach (var warning in fit.Warnings)
            text.Append("Warning: ").Append(warning).Append('\n');
        return text.ToString();
    }

    /// <summary>lme4's table, or with df lmerTest's: Estimate, Std. Error, df, t value, Pr(&gt;|t|) and R's significance
    /// stars, with the method named as lmerTest names it.</summary>
    private static void WriteFixedEffects(StringBuilder text, LmmFit fit)
    {
        bool withDf = fit.DegreesOfFreedomMethod != nameof(LmmDegreesOfFreedom.None);
        var table = withDf ? new TextTable(false, true, true, true, true, true, false) : new TextTable(false, true, true, true);
        if (withDf)
            table.Add(string.Empty, "Estimate", "Std. Error", "df", "t value", "Pr(>|t|)", string.Empty);
        else
            table.Add(string.Empty, "Estimate", "Std. Error", "t value");
        foreach (var row in fit.FixedEffects)
        {
            if (withDf)
                table.Add(row.Name, Significant(row.Estimate, 6), Significant(row.StdError, 5), Fixed(row.DF ?? double.NaN, 3),
                    Fixed(row.TValue, 3), PValue(row.PValue ?? double.NaN), Stars(row.PValue ?? double.NaN));
            else
                table.Add(row.Name, Significant(row.Estimate, 6), Significant(row.StdError, 5), Fixed(row.TValue, 3));
        }
        table.WriteTo(text, string.Empty);
        if (withDf)
            text.Append("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n")
                .Append("df: ").Append(fit.DegreesOfFreedomMethod == nameof(LmmDegreesOfFreedom.KenwardRoger) ? "Kenward-Roger (Std. Error from the adjusted covariance)" : "Satterthwaite").Append('\n');
    }

    /// <summary>R's format.pval with 3 digits: below 2.2e-16 "&lt; 2e-16", else 3 significant digits.</summary>
    internal static string PValue(double p) =>
        double.IsNaN(p) ? "NaN" : p < 2.220446049250313e-16 ? "< 2e-16" : p.ToString(p < 1e-4 ? "0.00e-00" : "G3", Inv);

    internal static string Stars(double p) =>
        double.IsNaN(p) ? string.Empty : p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : string.Empty;

    internal static string Significant(double value, int digits) =>
        double.IsNaN(value) ? "NaN" : value.ToString("G" + digits.ToString(Inv), Inv);

    internal static string Fixed(double value, int decimals) =>
        double.IsNaN(value) ? "NaN" : value.ToString("F" + decimals.ToString(Inv), Inv);

    // The stored correlations are full precision; the summary shows two decimals, as lme4 does.
    private static string Correlations(string stored)
    {
        if (stored.Length == 0)
            return string.Empty;
        var parts = stored.Split(' ');
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = double.TryParse(parts[i], NumberStyles.Float, Inv, out var r) ? Fixed(r, 2) : parts[i];
        }
        return string.Join(" ", parts);
    }
}
