using System.Globalization;
using System.Text;

namespace LmmPS.Conversion;

/// <summary>
/// The text of a fit's default view, laid out and rounded as lme4's <c>print(summary(fit))</c> (digits = 4, lme4's
/// default): method and formula; for REML the REML criterion only (AIC and BIC of REML fits are not comparable across
/// fixed effects), for ML lme4's AIC / BIC / logLik / deviance / df.resid row; the random-effects table (R's
/// format() per column, a Corr column only when a term has correlations); group sizes; the fixed-effects table
/// (printCoefmat's rounding: estimates and standard errors share one number of decimals). Then what lme4 does not
/// print: how the optimizer ended and the warnings, once each. Numbers use the invariant culture.
/// </summary>
internal static class FitSummaryWriter
{
    private const int Digits = 4;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(LmmFit fit) => Write(FitSummaryData.From(fit));

    public static string Write(FitSummaryData fit)
    {
        var text = new StringBuilder();
        bool reml = fit.Method == "REML";
        text.Append("Linear mixed model fit by ").Append(reml ? "REML" : "maximum likelihood").Append('\n');
        text.Append("Formula: ").Append(fit.Formula).Append('\n');
        text.Append("   Data: ").Append(fit.Source).Append('\n');
        if (fit.Weights is not null)
            text.Append("Weights: ").Append(fit.Weights).Append('\n');
        if (fit.Prior is not null)
            text.Append("Fixed-effect prior: ").Append(fit.Prior).Append(", objective ").Append(fit.PriorObjective)
                .Append("; prior penalty ").Append(Fixed4(fit.PriorPenalty)).Append(", penalised objective ")
                .Append(Fixed4(fit.PenalizedObjective)).Append(" (the criteria below exclude the prior, as blme)\n");
        text.Append('\n');
        WriteCriteria(text, fit, reml);
        text.Append('\n');
        SummaryBlocks.ScaledResiduals(text, fit);

        WriteRandomEffects(text, fit);
        text.Append("Number of obs: ").Append(fit.Observations.ToString(Inv)).Append(", groups:  ").Append(fit.Groups).Append('\n');
        if (fit.FixedEffects.Length > 0)
        {
            text.Append('\n').Append("Fixed effects:\n");
            WriteFixedEffects(text, fit.FixedEffects, fit.DegreesOfFreedomMethod);
        }
        text.Append('\n');
        SummaryBlocks.Correlation(text, fit);

        // The optimizer's own message (tolerances reached, with run-to-run noise in its numbers) stays in the
        // ConvergenceMessage property; the view names it only when the fit did not converge.
        text.Append(fit.Converged ? "Converged" : "DID NOT CONVERGE").Append(" after ").Append(fit.Evaluations.ToString(Inv))
            .Append(" evaluations (").Append(fit.Optimizer).Append(')');
        if (!fit.Converged && !string.IsNullOrEmpty(fit.ConvergenceMessage))
            text.Append(": ").Append(fit.ConvergenceMessage);
        text.Append('\n');
        foreach (var warning in fit.Warnings)
            text.Append("Warning: ").Append(warning).Append('\n');
        return text.ToString();
    }

    /// <summary>lme4's .prt.aictab: values rounded to one decimal; REML prints the criterion alone, ML a row of five
    /// printed as R prints a named vector (one common width, right-aligned).</summary>
    private static void WriteCriteria(StringBuilder text, FitSummaryData fit, bool reml)
    {
        if (reml)
        {
            text.Append("REML criterion at convergence: ").Append(Rounded(fit.Objective)).Append('\n');
            return;
        }
        var names = new[] { "AIC", "BIC", "logLik", "deviance", "df.resid" };
        var numbers = RNumberFormat.Column(new[] { fit.AIC, fit.BIC, fit.LogLik, fit.Objective }.Select(v => RNumberFormat.Round(v, 1)).ToArray(), 7);
        var values = numbers.Append((fit.Observations - fit.DegreesOfFreedom).ToString(Inv)).ToArray();
        int width = names.Concat(values).Max(s => s.Length);
        text.Append(string.Join(" ", names.Select(n => n.PadLeft(width)))).Append('\n');
        text.Append(string.Join(" ", values.Select(v => v.Trim().PadLeft(width)))).Append('\n');
    }

    /// <summary>lme4's formatVC: Variance and Std.Dev. each formatted as one R column (digits 4), correlations rounded
    /// to two decimals and formatted together, all cells left-aligned in their columns.</summary>
    private static void WriteRandomEffects(StringBuilder text, FitSummaryData fit)
    {
        text.Append("Random effects:\n");
        var rows = fit.VarianceComponents;
        var variance = RNumberFormat.Column(rows.Select(r => r.Variance).ToArray(), Digits);
        var stdDev = RNumberFormat.Column(rows.Select(r => r.StdDev).ToArray(), Digits);
        var correlations = rows.Select(r => r.Correlation.Length == 0 ? Array.Empty<double>() : r.Correlation.Split(' ').Select(ParseInvariant).ToArray()).ToArray();
        int corrColumns = correlations.Max(c => (int?)c.Length) ?? 0;
        var corrText = TwoDecimals(correlations.SelectMany(c => c).ToArray());

        var table = new List<string[]>();
        var header = new List<string> { "Groups", "Name", "Variance", "Std.Dev." };
        for (int c = 0; c < corrColumns; c++)
            header.Add(c == 0 ? "Corr" : string.Empty);
        table.Add(header.ToArray());
        string? previousGroup = null;
        int at = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            bool residual = row.Group == "Residual";
            var cells = new List<string>
            {
                row.Group == previousGroup ? string.Empty : row.Group,
                residual ? string.Empty : row.Name,
                variance[i],
                stdDev[i],
            };
            previousGroup = row.Group;
            for (int c = 0; c < corrColumns; c++)
                cells.Add(c < correlations[i].Length ? corrText[at + c] : string.Empty);
            at += correlations[i].Length;
            table.Add(cells.ToArray());
        }
        WriteLeftAligned(text, table);
    }

    /// <summary>R's format(round(r, 2), nsmall = 2): two decimals, one common width.</summary>
    private static string[] TwoDecimals(double[] correlations)
    {
        var text = correlations.Select(r => double.IsNaN(r) ? "NaN" : RNumberFormat.Round(r, 2).ToString("F2", Inv)).ToArray();
        int width = text.Length == 0 ? 0 : text.Max(t => t.Length);
        return text.Select(t => t.PadLeft(width)).ToArray();
    }

    /// <summary>printCoefmat (digits 4, zap.ind = 3): estimates and standard errors rounded to
    /// max(1, digits - 1 - floor(log10(smallest nonzero |value|))) decimals and formatted together; t values rounded
    /// to 3 decimals and formatted with 4 digits; columns right-aligned, names left-aligned.</summary>
    private static void WriteFixedEffects(StringBuilder text, LmmFixedEffect[] rows, string dfMethod)
    {
        var magnitudes = rows.SelectMany(r => new[] { Math.Abs(r.Estimate), Math.Abs(r.StdError) })
            .Where(a => a > 0 && !double.IsNaN(a) && !double.IsInfinity(a)).ToArray();
        int smallestDigits = magnitudes.Length == 0 ? 1 : 1 + (int)Math.Floor(Math.Log10(magnitudes.Min()));
        int decimals = Math.Max(1, Digits - smallestDigits);
        var both = RNumberFormat.Column(rows.Select(r => RNumberFormat.Round(r.Estimate, decimals))
            .Concat(rows.Select(r => RNumberFormat.Round(r.StdError, decimals))).ToArray(), Digits);
        var tValues = RNumberFormat.Column(rows.Select(r => RNumberFormat.Round(r.TValue, 3)).ToArray(), Digits);

        // With df (lmerTest's table): df, t value, Pr(>|t|) and R's significance stars, the method named below.
        bool withDf = dfMethod is not ("None" or "");
        // df with three decimals, as lmerTest 3.1 prints them (17.000 for sleepstudy's 16.99973).
        var df = PadLeft(rows.Select(r => r.DF is double d && !double.IsNaN(d) ? d.ToString("F3", Inv) : "NaN").ToArray());
        var table = new List<string[]>
        {
            withDf ? new[] { string.Empty, "Estimate", "Std. Error", "df", "t value", "Pr(>|t|)", string.Empty }
                   : new[] { string.Empty, "Estimate", "Std. Error", "t value" },
        };
        for (int i = 0; i < rows.Length; i++)
        {
            table.Add(withDf
                ? new[] { rows[i].Name, both[i], both[rows.Length + i], df[i], tValues[i], PValue(rows[i].PValue ?? double.NaN), Stars(rows[i].PValue ?? double.NaN) }
                : new[] { rows[i].Name, both[i], both[rows.Length + i], tValues[i] });
        }
        var widths = Widths(table);
        foreach (var cells in table)
        {
            var line = new StringBuilder(cells[0].PadRight(widths[0]));
            for (int c = 1; c < cells.Length; c++)
                line.Append(' ').Append(c == cells.Length - 1 && withDf ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]));
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
        if (withDf)
        {
            text.Append("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n")
                .Append("df: ").Append(dfMethod == "KenwardRoger" ? "Kenward-Roger (Std. Error from the adjusted covariance)" : "Satterthwaite").Append('\n');
        }
    }

    /// <summary>R's format.pval with 3 digits: below 2.2e-16 "&lt; 2e-16", else 3 significant digits.</summary>
    internal static string PValue(double p) =>
        double.IsNaN(p) ? "NaN" : p < 2.220446049250313e-16 ? "< 2e-16" : p.ToString(p < 1e-4 ? "0.00e-00" : "G3", Inv);

    internal static string Stars(double p) =>
        double.IsNaN(p) ? string.Empty : p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : string.Empty;

    /// <summary>R's print of a character matrix with empty row names (quote = FALSE): a leading space, every column
    /// left-aligned to its widest cell. Trailing blanks are trimmed.</summary>
    private static void WriteLeftAligned(StringBuilder text, List<string[]> table)
    {
        var widths = Widths(table);
        foreach (var cells in table)
        {
            var line = new StringBuilder();
            for (int c = 0; c < cells.Length; c++)
                line.Append(' ').Append(cells[c].PadRight(widths[c]));
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }

    private static string[] PadLeft(string[] cells)
    {
        int width = cells.Length == 0 ? 0 : cells.Max(c => c.Length);
        return cells.Select(c => c.PadLeft(width)).ToArray();
    }

    private static int[] Widths(List<string[]> table)
    {
        var widths = new int[table[0].Length];
        foreach (var cells in table)
            for (int c = 0; c < cells.Length; c++)
                widths[c] = Math.Max(widths[c], cells[c].Length);
        return widths;
    }

    /// <summary>R's cat(round(x, 1)): one decimal at most, up to 7 significant digits.</summary>
    private static string Rounded(double value) =>
        double.IsNaN(value) ? "NaN" : RNumberFormat.Round(value, 1).ToString("0.#", Inv);

    private static string Fixed4(double? value) => value is double v && !double.IsNaN(v) ? v.ToString("F4", Inv) : "NaN";

    private static double ParseInvariant(string text) =>
        double.TryParse(text, NumberStyles.Float, Inv, out var value) ? value : double.NaN;
}
