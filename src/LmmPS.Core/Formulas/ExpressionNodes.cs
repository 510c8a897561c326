using System.Globalization;
using System.Text;

namespace LmmPS.Core.Formulas;

// The arithmetic inside a formula function call, e.g. the 'Days - 4.5' of 'I(Days - 4.5)'. Only numbers, column
// names, + - * / ^, parentheses and the calls FormulaFunctions lists can occur: nothing is ever executed, the
// Design folder's ExpressionEvaluator computes these trees over data columns.

/// <param name="Position">0-based index of the node's first character in the formula text.</param>
internal abstract record ExpressionNode(int Position)
{
    /// <summary>R's deparse of the expression (its spacing, whatever the user typed): the name of the term.</summary>
    public string Label
    {
        get
        {
            var builder = new StringBuilder();
            Deparse(builder);
            return builder.ToString();
        }
    }

    internal abstract void Deparse(StringBuilder builder);

    /// <summary>Every column name the expression reads, in order of first appearance.</summary>
    public IEnumerable<string> Columns => Walk().OfType<ColumnExpression>().Select(c => c.Name).Distinct(StringComparer.Ordinal);

    internal abstract IEnumerable<ExpressionNode> Walk();
}

internal sealed record NumberExpression(double Value, int Position) : ExpressionNode(Position)
{
    // R deparses a double with 15 significant digits ('4.50' -> 4.5, '1000000' -> 1e+06).
    internal override void Deparse(StringBuilder builder) => builder.Append(RNumberFormat.Format(Value));

    internal override IEnumerable<ExpressionNode> Walk() { yield return this; }
}

/// <summary>TRUE or FALSE, as an argument such as <c>scale = FALSE</c>.</summary>
internal sealed record LogicalExpression(bool Value, int Position) : ExpressionNode(Position)
{
    internal override void Deparse(StringBuilder builder) => builder.Append(Value ? "TRUE" : "FALSE");

    internal override IEnumerable<ExpressionNode> Walk() { yield return this; }
}

internal sealed record ColumnExpression(string Name, int Position) : ExpressionNode(Position)
{
    // A name that is not syntactic in R is deparsed between backticks.
    internal override void Deparse(StringBuilder builder) =>
        builder.Append(IsSyntactic(Name) ? Name : "`" + Name + "`");

    internal override IEnumerable<ExpressionNode> Walk() { yield return this; }

    private static bool IsSyntactic(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || (name[0] == '.' && (name.Length == 1 || !char.IsDigit(name[1]))))
        && name.All(c => char.IsLetterOrDigit(c) || c == '.' || c == '_');
}

/// <summary><c>-x</c> or <c>+x</c>.</summary>
internal sealed record UnaryExpression(char Operator, ExpressionNode Operand, int Position) : ExpressionNode(Position)
{
    internal override void Deparse(StringBuilder builder)
    {
        builder.Append(Operator);
        Operand.Deparse(builder);
    }

    internal override IEnumerable<ExpressionNode> Walk() => new ExpressionNode[] { this }.Concat(Operand.Walk());
}

/// <summary><c>a + b</c>, <c>a - b</c>, <c>a * b</c>, <c>a / b</c>, <c>a ^ b</c>.</summary>
internal sealed record BinaryExpression(char Operator, ExpressionNode Left, ExpressionNode Right, int Position) : ExpressionNode(Position)
{
    // R's deparse puts spaces around + - * and none around / and ^ (I(x^2), I(1/x), I(x/2 + 1)).
    internal override void Deparse(StringBuilder builder)
    {
        Left.Deparse(builder);
        builder.Append(Operator == '/' || Operator == '^' ? Operator.ToString() : " " + Operator + " ");
        Right.Deparse(builder);
    }

    internal override IEnumerable<ExpressionNode> Walk() => new ExpressionNode[] { this }.Concat(Left.Walk()).Concat(Right.Walk());
}

/// <summary>Parentheses the user wrote: R keeps them in the deparsed name.</summary>
internal sealed record ParenExpression(ExpressionNode Inner, int Position) : ExpressionNode(Position)
{
    internal override void Deparse(StringBuilder builder)
    {
        builder.Append('(');
        Inner.Deparse(builder);
        builder.Append(')');
    }

    internal override IEnumerable<ExpressionNode> Walk() => new ExpressionNode[] { this }.Concat(Inner.Walk());
}

/// <summary>One argument of a call; <see cref="Name"/> is set for <c>name = value</c>.</summary>
internal sealed record CallArgument(string? Name, ExpressionNode Value);

/// <summary>A call of one of <see cref="FormulaFunctions"/>, e.g. <c>log(x)</c>, <c>poly(x, 2)</c>, <c>scale(x, scale = FALSE)</c>.</summary>
internal sealed record CallExpression(string Function, IReadOnlyList<CallArgument> Arguments, int Position) : ExpressionNode(Position)
{
    internal override void Deparse(StringBuilder builder)
    {
        builder.Append(Function).Append('(');
        for (int i = 0; i < Arguments.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            if (Arguments[i].Name is { } name) builder.Append(name).Append(" = ");
            Arguments[i].Value.Deparse(builder);
        }
        builder.Append(')');
    }

    internal override IEnumerable<ExpressionNode> Walk() => new ExpressionNode[] { this }.Concat(Arguments.SelectMany(a => a.Value.Walk()));

    public ExpressionNode? Named(string name) => Arguments.FirstOrDefault(a => a.Name == name)?.Value;
}

/// <summary>Formats numbers the way error messages show them.</summary>
internal static class ExpressionText
{
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
