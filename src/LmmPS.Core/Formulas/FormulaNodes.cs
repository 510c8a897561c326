namespace LmmPS.Core.Formulas;

// The syntax tree of one side of a formula. Chains of the same precedence level are n-ary nodes rather than
// nested binary ones, so that a long formula never produces a deep tree (recursion depth only grows with
// parentheses, which the parser limits).

/// <param name="Position">0-based index of the node's first token in the formula text.</param>
internal abstract record FormulaNode(int Position);

internal sealed record VariableNode(string Name, int Position) : FormulaNode(Position);

/// <summary>A call of a formula function, e.g. <c>log(y)</c>, <c>I(x - 1)</c>, <c>poly(x, 2)</c>, <c>offset(off)</c>: a
/// variable named by R's deparse of the call (<see cref="Label"/>) whose values the design evaluates.</summary>
internal sealed record CallNode(CallExpression Call, int Position) : FormulaNode(Position)
{
    public string Label => Call.Label;
}

/// <summary>A number; only 0 and 1 mean something (remove / keep the intercept).</summary>
internal sealed record NumberNode(double Value, string Source, int Position) : FormulaNode(Position);

/// <summary><c>a + b - c</c>; the first part may carry a unary sign.</summary>
internal sealed record SumNode(IReadOnlyList<SumPart> Parts, int Position) : FormulaNode(Position);

/// <summary>One operand of a sum. <c>IsRemoval</c> is true after '-' (its terms are removed from what precedes
/// it); <c>OperatorPosition</c> is the position of the '+' or '-' before it, or of the operand when it has none.</summary>
internal sealed record SumPart(bool IsRemoval, FormulaNode Operand, int OperatorPosition);

/// <summary><c>a * b / c</c>: '*' and '/' share one precedence level and associate to the left.</summary>
internal sealed record ProductNode(FormulaNode First, IReadOnlyList<ProductStep> Steps, int Position) : FormulaNode(Position);

internal sealed record ProductStep(FormulaTokenKind Operator, FormulaNode Operand, int OperatorPosition)
{
    public string Symbol => Operator == FormulaTokenKind.Star ? "*" : "/";
}

/// <summary><c>a:b:c</c>.</summary>
internal sealed record InteractionNode(IReadOnlyList<FormulaNode> Operands, IReadOnlyList<int> OperatorPositions, int Position) : FormulaNode(Position);

/// <summary>Parentheses that only group, e.g. <c>(a + b):c</c>.</summary>
internal sealed record ParenNode(FormulaNode Inner, int Position) : FormulaNode(Position);

/// <summary>A random-effects term <c>(effects | grouping)</c> or <c>(effects || grouping)</c>;
/// <see cref="FormulaNode.Position"/> is its '('.</summary>
internal sealed record BarNode(FormulaNode Effects, FormulaNode Grouping, bool Uncorrelated, int Position) : FormulaNode(Position);

/// <summary>Both sides of <c>response ~ terms</c>.</summary>
internal sealed record FormulaSyntax(FormulaNode Response, int TildePosition, FormulaNode Terms);
