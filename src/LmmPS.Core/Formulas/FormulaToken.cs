namespace LmmPS.Core.Formulas;

internal enum FormulaTokenKind
{
    Name,
    Number,
    Tilde,
    Plus,
    Minus,
    Star,
    Slash,
    Colon,
    Caret,
    LeftParen,
    RightParen,
    Bar,
    DoubleBar,
    PercentOperator,
    Dot,
    Comma,
    Equals,
    End,
}

/// <summary>One lexical token of a formula.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Value">The name without backticks for <see cref="FormulaTokenKind.Name"/>; otherwise the source text.</param>
/// <param name="Source">The text exactly as written (with backticks), used in error messages.</param>
/// <param name="Position">0-based index of the token's first character in the formula text.</param>
internal sealed record FormulaToken(FormulaTokenKind Kind, string Value, string Source, int Position)
{
    /// <summary>How an error message refers to this token.</summary>
    public string Display => Kind == FormulaTokenKind.End ? "the end of the formula" : "'" + Source + "'";

    public bool IsBar => Kind == FormulaTokenKind.Bar || Kind == FormulaTokenKind.DoubleBar;
}
