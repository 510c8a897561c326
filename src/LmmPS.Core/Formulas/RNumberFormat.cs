using System.Globalization;

namespace LmmPS.Core.Formulas;

/// <summary>
/// R's as.character for a double, which names the levels when a numeric grouping variable becomes a factor:
/// 15 significant digits, trailing zeros removed, and scientific notation when it is narrower than fixed
/// notation (R's default scipen = 0), e.g. 1 -> "1", 0.5 -> "0.5", 1e5 -> "1e+05", 123456 -> "123456".
/// Integers wider than 15 digits may be printed differently by R (it prints their exact binary value in fixed
/// notation); such values are not plausible group labels.
/// </summary>
internal static class RNumberFormat
{
    public static string Format(double value)
    {
        if (value == 0)
            return "0";
        // "E14" gives exactly 15 significant digits: d.dddddddddddddd E+xxx
        string e = Math.Abs(value).ToString("E14", CultureInfo.InvariantCulture);
        int ePos = e.IndexOf('E');
        string digits = e.Substring(0, ePos).Replace(".", "").TrimEnd('0');
        int exponent = int.Parse(e.Substring(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string sign = value < 0 ? "-" : "";

        string fixedText = FixedNotation(digits, exponent);
        string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits.Substring(1);
        string exponentText = (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        string scientific = mantissa + "e" + exponentText;
        return sign + (fixedText.Length <= scientific.Length ? fixedText : scientific);
    }

    private static string FixedNotation(string digits, int exponent)
    {
        if (exponent < 0)
            return "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1)
            return digits + new string('0', exponent + 1 - digits.Length);
        return digits.Substring(0, exponent + 1) + "." + digits.Substring(exponent + 1);
    }
}
