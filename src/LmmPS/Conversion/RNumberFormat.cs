using System.Globalization;

namespace LmmPS.Conversion;

/// <summary>
/// R's <c>format(x, digits = d)</c> for a numeric vector (formatReal in R's format.c), so the fit view prints numbers
/// as lme4's print does: one number of decimals for the whole column, enough for the element that needs the most to
/// show <c>d</c> significant digits (trailing zeros dropped first), right-aligned to a common width; the column
/// switches to scientific notation when fixed notation would be wider (R's scipen = 0). Invariant culture always: a
/// view reads the same in every locale.
/// </summary>
internal static class RNumberFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string[] Column(IReadOnlyList<double> values, int digits)
    {
        bool negative = false;
        int maxLeft = int.MinValue, right = int.MinValue, maxSig = int.MinValue, maxExponent = int.MinValue, minExponent = int.MaxValue;
        foreach (var x in values)
        {
            if (double.IsNaN(x) || double.IsInfinity(x))
                continue;
            Scientific(x, digits, out int exponent, out int significant);
            int left = exponent + 1;
            if (x < 0)
                negative = true;
            maxLeft = Math.Max(maxLeft, (x < 0 ? 1 : 0) + (left <= 0 ? 1 : left));
            right = Math.Max(right, significant - left);
            maxSig = Math.Max(maxSig, significant);
            maxExponent = Math.Max(maxExponent, exponent);
            minExponent = Math.Min(minExponent, exponent);
        }
        var text = new string[values.Count];
        if (maxLeft == int.MinValue)
        {
            for (int i = 0; i < text.Length; i++)
                text[i] = NonFinite(values[i]);
            return PadLeft(text);
        }
        right = Math.Max(0, right);
        int fixedWidth = maxLeft + right + (right > 0 ? 1 : 0);
        int exponentDigits = maxExponent >= 100 || minExponent <= -99 ? 3 : 2;
        int mantissaDecimals = maxSig - 1;
        int scientificWidth = (negative ? 1 : 0) + 1 + (mantissaDecimals > 0 ? 1 + mantissaDecimals : 0) + 2 + exponentDigits;
        bool useFixed = fixedWidth <= scientificWidth;
        string scientificFormat = (mantissaDecimals > 0 ? "0." + new string('0', mantissaDecimals) : "0") + "e+" + new string('0', exponentDigits);
        for (int i = 0; i < text.Length; i++)
        {
            var x = values[i];
            text[i] = double.IsNaN(x) || double.IsInfinity(x) ? NonFinite(x)
                : useFixed ? x.ToString("F" + right.ToString(Inv), Inv)
                : x.ToString(scientificFormat, Inv);
        }
        return PadLeft(text);
    }

    /// <summary>One number as R's <c>format(x, digits = d)</c> prints it.</summary>
    public static string Single(double value, int digits) => Column(new[] { value }, digits)[0];

    /// <summary>R's <c>round(x, decimals)</c> (half away from zero on the decimal value, near enough for printing).</summary>
    public static double Round(double value, int decimals) =>
        double.IsNaN(value) || double.IsInfinity(value) ? value : Math.Round(value, Math.Min(15, Math.Max(0, decimals)), MidpointRounding.AwayFromZero);

    /// <summary>The decimal exponent of |x| rounded to <paramref name="digits"/> significant digits, and how many of
    /// those digits are needed once trailing zeros are dropped (R's scientific()).</summary>
    private static void Scientific(double x, int digits, out int exponent, out int significant)
    {
        if (x == 0)
        {
            exponent = 0;
            significant = 1;
            return;
        }
        var text = Math.Abs(x).ToString("E" + (digits - 1).ToString(Inv), Inv); // d.dddE+xxx
        int e = text.IndexOf('E');
        exponent = int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, Inv);
        var mantissa = text.Substring(0, e).Replace(".", string.Empty).TrimEnd('0');
        significant = Math.Max(1, mantissa.Length);
    }

    private static string NonFinite(double x) => double.IsNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";

    private static string[] PadLeft(string[] text)
    {
        int width = text.Length == 0 ? 0 : text.Max(t => t.Length);
        for (int i = 0; i < text.Length; i++)
            text[i] = text[i].PadLeft(width);
        return text;
    }
}
