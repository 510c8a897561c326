using System.Globalization;

namespace LmmPS.Core.Formulas;

/// <summary>Splits formula text into tokens. Names follow R: letters, digits, '_' and '.', starting with a
/// letter or a '.' not followed by a digit; anything else can be written between backticks.</summary>
internal static class FormulaLexer
{
    public static IReadOnlyList<FormulaToken> Tokenize(string text)
    {
        var tokens = new List<FormulaToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var token = ReadToken(text, i);
            tokens.Add(token);
            i += token.Source.Length;
        }

        // The end token sits right after the last visible character, so a caret for "expected a term here"
        // lands next to the operator that is missing its operand rather than after trailing blanks.
        tokens.Add(new FormulaToken(FormulaTokenKind.End, "", "", text.TrimEnd().Length));
        return tokens;
    }

    private static FormulaToken ReadToken(string text, int start)
    {
        var c = text[start];
        var next = start + 1 < text.Length ? text[start + 1] : '\0';
        switch (c)
        {
            case '~': return Symbol(FormulaTokenKind.Tilde, "~", start);
            case '+': return Symbol(FormulaTokenKind.Plus, "+", start);
            case '-': return Symbol(FormulaTokenKind.Minus, "-", start);
            case '*': return next == '*' ? Symbol(FormulaTokenKind.Caret, "**", start) : Symbol(FormulaTokenKind.Star, "*", start);
            case '/': return Symbol(FormulaTokenKind.Slash, "/", start);
            case ':': return Symbol(FormulaTokenKind.Colon, ":", start);
            case '^': return Symbol(FormulaTokenKind.Caret, "^", start);
            case '(': return Symbol(FormulaTokenKind.LeftParen, "(", start);
            case ')': return Symbol(FormulaTokenKind.RightParen, ")", start);
            case ',': return Symbol(FormulaTokenKind.Comma, ",", start);
            case '=' when next != '=': return Symbol(FormulaTokenKind.Equals, "=", start);
            case '|': return next == '|' ? Symbol(FormulaTokenKind.DoubleBar, "||", start) : Symbol(FormulaTokenKind.Bar, "|", start);
            case '`': return ReadQuotedName(text, start);
            case '%': return ReadPercentOperator(text, start);
        }

        if (char.IsDigit(c) || (c == '.' && char.IsDigit(next)))
        {
            return ReadNumber(text, start);
        }

        if (char.IsLetter(c) || c == '.')
        {
            return ReadName(text, start);
        }

        throw FormulaErrors.Syntax(text, start, $"unexpected character {Describe(text, start)}; names that contain it must be quoted with backticks, e.g. `my col`.");
    }

    private static FormulaToken Symbol(FormulaTokenKind kind, string source, int start) => new(kind, source, source, start);

    private static FormulaToken ReadName(string text, int start)
    {
        var end = start;
        while (end < text.Length && IsNameCharacter(text[end]))
        {
            end++;
        }

        var name = text.Substring(start, end - start);
        var kind = name == "." ? FormulaTokenKind.Dot : FormulaTokenKind.Name;
        return new FormulaToken(kind, name, name, start);
    }

    private static bool IsNameCharacter(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '.';

    private static FormulaToken ReadQuotedName(string text, int start)
    {
        var close = text.IndexOf('`', start + 1);
        if (close < 0)
        {
            throw FormulaErrors.Syntax(text, start, "the backtick-quoted name is never closed: add the closing '`'.");
        }

        if (close == start + 1)
        {
            throw FormulaErrors.Syntax(text, start, "empty backtick-quoted name ``: write the column name between the backticks.");
        }

        var source = text.Substring(start, close - start + 1);
        return new FormulaToken(FormulaTokenKind.Name, source.Substring(1, source.Length - 2), source, start);
    }

    private static FormulaToken ReadPercentOperator(string text, int start)
    {
        // R's %op% operators end at the next '%' on the same line.
        for (var end = start + 1; end < text.Length && text[end] != '\n'; end++)
        {
            if (text[end] == '%')
            {
                var source = text.Substring(start, end - start + 1);
                return Symbol(FormulaTokenKind.PercentOperator, source, start);
            }
        }

        throw FormulaErrors.Syntax(text, start, "unexpected character '%' (an operator such as %in% needs its closing '%').");
    }

    private static FormulaToken ReadNumber(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        var source = text.Substring(start, end - start);
        if (!double.TryParse(source, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            throw FormulaErrors.Syntax(text, start, $"'{source}' is not a number.");
        }

        return new FormulaToken(FormulaTokenKind.Number, source, source, start);
    }

    private static string Describe(string text, int index)
    {
        var c = text[index];
        if (char.IsSurrogatePair(text, index))
        {
            return $"U+{char.ConvertToUtf32(text, index):X4}";
        }

        return char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : "'" + c + "'";
    }
}
