using System.Globalization;

namespace LmmPS.Core.Data;

/// <summary>What a field's text is, as far as numeric typing is concerned.</summary>
internal enum NumberTextKind
{
    /// <summary>A finite invariant-culture number.</summary>
    Finite,
    /// <summary>NaN, Inf, Infinity (any case, any sign) or an overflow: a number, but one we refuse because NaN
    /// means "missing" inside a <see cref="NumericColumn"/>.</summary>
    NonFinite,
    NotNumber,
}

/// <summary>Invariant-culture number parsing and the text a number prints as.</summary>
internal static class NumberText
{
    private const NumberStyles Style = NumberStyles.Float;

    public static NumberTextKind Classify(string text, out double value) => Classify(text, out value, NumberFormatInfo.InvariantInfo);

    /// <summary>As <see cref="Classify(string, out double)"/>, with the decimal separator of <paramref name="numbers"/>.</summary>
    public static NumberTextKind Classify(string text, out double value, NumberFormatInfo numbers)
    {
        if (double.TryParse(text, Style, numbers, out value))
            return IsFinite(value) ? NumberTextKind.Finite : NumberTextKind.NonFinite;
        // R writes "Inf" which .NET does not parse, and .NET Framework parses "Infinity"/"NaN" case-sensitively,
        // so the non-finite spellings are recognised here on every runtime.
        return IsNonFiniteSpelling(text) ? NumberTextKind.NonFinite : NumberTextKind.NotNumber;
    }

    /// <summary>Invariant number format with another decimal separator (and no group separator a number could
    /// contain by accident).</summary>
    public static NumberFormatInfo WithDecimalSeparator(char separator)
    {
        if (separator == '.')
            return NumberFormatInfo.InvariantInfo;
        var numbers = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        numbers.NumberDecimalSeparator = separator.ToString();
        numbers.NumberGroupSeparator = separator == ',' ? "." : ",";
        return NumberFormatInfo.ReadOnly(numbers);
    }

    public static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private static bool IsNonFiniteSpelling(string text)
    {
        var t = text.Trim();
        if (t.Length > 0 && (t[0] == '+' || t[0] == '-')) t = t.Substring(1);
        return t.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || t.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            || t.Equals("nan", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The label a number gets when its column turns out to be categorical and its original text was not
    /// kept: the shortest round-trip form. For <see cref="IsCanonical"/> texts this is the original text.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>True when <see cref="Format"/> of the parsed value gives back exactly <paramref name="text"/>, checked
    /// from the characters alone (no formatting, so it is cheap enough to run on every field). A numeric column keeps
    /// the original text only of the values that are not canonical (e.g. "007", "1.50", "1e3"), so that the exact
    /// labels survive if a later value turns the column categorical.</summary>
    public static bool IsCanonical(string text)
    {
        // Shape: -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])? with at most 15 significant digits (so decimal -> double -> shortest
        // decimal returns the same digits) and no value below 1e-4 (where "R" switches to exponent notation).
        const int MaxSignificant = 15;
        const int MaxLeadingFractionZeros = 3;
        int n = text.Length, i = 0;
        bool negative = n > 0 && text[0] == '-';
        if (negative) i++;
        int intStart = i;
        while (i < n && IsDigit(text[i])) i++;
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && text[intStart] == '0')) return false;
        bool intIsZero = intDigits == 1 && text[intStart] == '0';
        int significant = intIsZero ? 0 : intDigits;
        if (i == n) return significant <= MaxSignificant && !(negative && intIsZero); // "-0" prints differently per runtime
        if (text[i] != '.') return false;
        int fracStart = ++i;
        while (i < n && IsDigit(text[i])) i++;
        if (i != n || i == fracStart || text[n - 1] == '0') return false;
        if (intIsZero)
        {
            int leadingZeros = 0;
            while (text[fracStart + leadingZeros] == '0') leadingZeros++;
            if (leadingZeros > MaxLeadingFractionZeros) return false;
            significant = n - fracStart - leadingZeros;
        }
        else
        {
            significant += n - fracStart;
        }
        return significant <= MaxSignificant;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
