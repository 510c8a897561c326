namespace LmmPS.Core.Design;

/// <summary>Finds where a variable is written in the formula text, so errors about it can point there.</summary>
internal static class FormulaLocator
{
    /// <summary>0-based position of the first whole-name occurrence of <paramref name="name"/>, or null.</summary>
    public static int? FindVariable(string formulaText, string name)
    {
        if (string.IsNullOrEmpty(formulaText) || string.IsNullOrEmpty(name))
            return null;
        int from = 0;
        while (from <= formulaText.Length - name.Length)
        {
            int at = formulaText.IndexOf(name, from, StringComparison.Ordinal);
            if (at < 0)
                return null;
            bool startsWord = at == 0 || !IsNameChar(formulaText[at - 1]);
            int end = at + name.Length;
            bool endsWord = end == formulaText.Length || !IsNameChar(formulaText[end]);
            if (startsWord && endsWord)
                return at;
            from = at + 1;
        }
        return null;
    }

    // R names are letters, digits, '.' and '_'; a backquoted name is delimited by the quotes, which are not name characters.
    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '.' || c == '_';
}
