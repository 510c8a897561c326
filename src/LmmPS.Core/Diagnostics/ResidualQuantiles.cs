using System.Globalization;

namespace LmmPS.Core.Diagnostics;

/// <summary>The five numbers of summary()'s "Scaled residuals:" block: R's quantile(r) (type 7) of the scaled
/// residuals, then zapsmall(q, 5) as R 4.2.2 does it, then print(digits = 4)'s common number of decimals.</summary>
public static class ResidualQuantiles
{
    public static readonly IReadOnlyList<string> Names = new[] { "Min", "1Q", "Median", "3Q", "Max" };

    /// <summary>Type 7: h = (n-1)p, linear interpolation between order statistics floor(h)+1 and floor(h)+2.</summary>
    public static double[] Quantiles(IReadOnlyList<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        int n = sorted.Length;
        var q = new double[5];
        if (n == 0) { for (int i = 0; i < 5; i++) q[i] = double.NaN; return q; }
        for (int i = 0; i < 5; i++)
        {
            double h = (n - 1) * (i / 4.0);
            int lo = (int)Math.Floor(h);
            double frac = h - lo;
            q[i] = lo + 1 < n ? sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
        }
        return q;
    }

    /// <summary>zapsmall(q, 5) in R 4.2.2: round(q, d) with d = max(0, 5 - log10(max |q|)), a non-integer d rounded to
    /// the nearest integer by round() (R 4.4 uses ceiling(log10) instead).</summary>
    public static double[] ZapSmall(IReadOnlyList<double> q, int digits = 5)
    {
        double mx = q.Where(v => !double.IsNaN(v)).Select(Math.Abs).DefaultIfEmpty(0).Max();
        double d = mx > 0 ? Math.Max(0.0, digits - Math.Log10(mx)) : digits;
        int places = (int)Math.Round(d, MidpointRounding.ToEven);
        return q.Select(v => Math.Round(v, Math.Min(places, 15), MidpointRounding.ToEven)).ToArray();
    }

    /// <summary>print(x, digits = 4) of a numeric vector: each value needs at most 4 significant digits with
    /// trailing zeros dropped; all share the largest number of decimals any of them needs.</summary>
    public static string[] Printed(IReadOnlyList<double> values, int digits = 4)
    {
        int decimals = 0;
        foreach (var v in values)
        {
            if (v == 0 || double.IsNaN(v) || double.IsInfinity(v)) continue;
            // v to `digits` significant digits, then the decimals that leaves after dropping trailing zeros.
            string text = Math.Abs(v).ToString("E" + (digits - 1), CultureInfo.InvariantCulture);
            int e = text.IndexOf('E');
            int exponent = int.Parse(text.Substring(e + 1), CultureInfo.InvariantCulture);
            string m = text.Substring(0, e).Replace(".", "");
            int sig = digits;
            while (sig > 1 && m[sig - 1] == '0') sig--;
            decimals = Math.Max(decimals, Math.Max(0, sig - 1 - exponent));
        }
        return values.Select(v => v.ToString("F" + decimals, CultureInfo.InvariantCulture)).ToArray();
    }
}
