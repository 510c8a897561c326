using System.Globalization;
using System.Text;
using LmmPS.Core.Diagnostics;

namespace LmmPS.Conversion;

/// <summary>The two blocks of lme4's summary() that come from the residuals and from vcov: "Scaled residuals:" (the
/// quantiles of the scaled residuals, zapsmall(5) then print(digits = 4): one common width, right-aligned under their
/// names) and "Correlation of Fixed Effects:" (only for 1 &lt; p &lt;= 12, the lower triangle rounded to 3 decimals, rows
/// named by abbreviate(minlength = 11), columns by abbreviate(minlength = 6), the last column and first row left out).</summary>
internal static class SummaryBlocks
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void ScaledResiduals(StringBuilder text, FitSummaryData fit)
    {
        if (fit.ScaledResidualQuantiles is not { } quantiles)
            return;
        var q = ResidualQuantiles.ZapSmall(quantiles);
        var values = ResidualQuantiles.Printed(q);
        var names = ResidualQuantiles.Names;
        int width = Math.Max(values.Max(v => v.Length), names.Max(n => n.Length));
        text.Append("Scaled residuals:\n");
        text.Append(string.Join(" ", names.Select(n => n.PadLeft(width)))).Append('\n');
        text.Append(string.Join(" ", values.Select(v => v.PadLeft(width)))).Append('\n').Append('\n');
    }

    public static void Correlation(StringBuilder text, FitSummaryData fit)
    {
        var r = fit.FixedEffectsCorrelation;
        int p = r.Length;
        if (!FixedEffectsCorrelation.PrintedBySummary(p) || p != fit.FixedEffects.Length || r.Any(row => row.Length != p))
            return;
        var names = fit.FixedEffects.Select(f => f.Name).ToArray();
        var rowNames = names.Select(n => RAbbreviate.Abbreviate(n, 11)).ToArray();
        var columnNames = names.Select(n => RAbbreviate.Abbreviate(n, 6)).ToArray();
        // format(round(corF, 3), nsmall = 3): one width for all entries, numbers right-justified in it.
        var cells = new string[p, p];
        int cellWidth = 0;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                double v = Math.Round(r[i][j], 3, MidpointRounding.ToEven);
                cells[i, j] = (v == 0 ? 0.0 : v).ToString("F3", Inv);
                cellWidth = Math.Max(cellWidth, cells[i, j].Length);
            }
        // print(quote = FALSE) of the character matrix: columns left-aligned, as wide as their widest cell or name.
        int rowWidth = rowNames.Skip(1).Max(n => n.Length);
        var widths = Enumerable.Range(0, p - 1).Select(j => Math.Max(cellWidth, columnNames[j].Length)).ToArray();
        text.Append("Correlation of Fixed Effects:\n");
        var line = new StringBuilder(new string(' ', rowWidth));
        for (int j = 0; j < p - 1; j++)
            line.Append(' ').Append(columnNames[j].PadRight(widths[j]));
        text.Append(line.ToString().TrimEnd()).Append('\n');
        for (int i = 1; i < p; i++)
        {
            line.Clear().Append(rowNames[i].PadRight(rowWidth));
            for (int j = 0; j < p - 1; j++)
                line.Append(' ').Append((j < i ? cells[i, j].PadLeft(cellWidth) : "").PadRight(widths[j]));
            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
        text.Append('\n');
    }
}
