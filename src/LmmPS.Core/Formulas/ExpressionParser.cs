using System.Globalization;

namespace LmmPS.Core.Formulas;

/// <summary>Parses a function call inside a formula and the arithmetic of its arguments, with R's precedence:
/// '+' '-' &lt; '*' '/' &lt; unary '-' '+' &lt; '^' (right-associative, so <c>-2^2</c> is -4 and <c>2^-1</c> is 0.5).
/// Inside a call '+', '-', '*' and '/' are arithmetic, not the formula operators.</summary>
internal sealed class ExpressionParser
{
    private const int MaxDepth = 100;

    private readonly string text;
    private readonly IReadOnlyList<FormulaToken> tokens;
    private int index;
    private int depth;

    private ExpressionParser(string text, IReadOnlyList<FormulaToken> tokens, int index)
    {
        this.text = text;
        this.tokens = tokens;
        this.index = index;
    }

    private FormulaToken Current => tokens[index];

    /// <summary>Parses the call whose name is <c>tokens[start]</c> (followed by '('); returns it and the index
    /// of the first token after its ')'.</summary>
    public static (CallExpression Call, int Next) ParseCall(string text, IReadOnlyList<FormulaToken> tokens, int start, bool outermost)
    {
        var parser = new ExpressionParser(text, tokens, start);
        var call = parser.Call(outermost);
        return (call, parser.index);
    }

    private CallExpression Call(bool outermost)
    {
        var name = Advance();
        if (!FormulaFunctions.IsKnown(name.Value))
            throw FormulaErrors.Unsupported(text, name.Position,
                $"the function call '{name.Source}(...)' is not supported (formulas can call {FormulaFunctions.Supported}): " +
                "compute the values as a new column in the data and use its name.");
        if (!outermost && FormulaFunctions.TermLevel.Contains(name.Value))
            throw FormulaErrors.Unsupported(text, name.Position,
                $"{name.Value}() must be a term on its own, e.g. '{name.Value}(x)'; it cannot be used inside another function.");
        var open = Advance();
        if (++depth > MaxDepth)
            throw FormulaErrors.Syntax(text, open.Position, $"calls and parentheses are nested more than {MaxDepth} deep.");
        var arguments = new List<CallArgument>();
        if (Current.Kind != FormulaTokenKind.RightParen)
        {
            while (true)
            {
                string? argumentName = null;
                if (Current.Kind == FormulaTokenKind.Name && tokens[index + 1].Kind == FormulaTokenKind.Equals)
                {
                    argumentName = Advance().Value;
                    Advance();
                }
                arguments.Add(new CallArgument(argumentName, Sum(open)));
                if (Current.Kind != FormulaTokenKind.Comma)
                    break;
                Advance();
            }
        }
        Close(open);
        depth--;
        var call = new CallExpression(name.Value, arguments, name.Position);
        FormulaFunctions.CheckArguments(text, call);
        return call;
    }

    private ExpressionNode Sum(FormulaToken before)
    {
        var left = Product(before);
        while (Current.Kind == FormulaTokenKind.Plus || Current.Kind == FormulaTokenKind.Minus)
        {
            var op = Advance();
            left = new BinaryExpression(op.Source[0], left, Product(op), left.Position);
        }
        return left;
    }

    private ExpressionNode Product(FormulaToken before)
    {
        var left = Unary(before);
        while (Current.Kind == FormulaTokenKind.Star || Current.Kind == FormulaTokenKind.Slash)
        {
            var op = Advance();
            left = new BinaryExpression(op.Source[0], left, Unary(op), left.Position);
        }
        return left;
    }

    private ExpressionNode Unary(FormulaToken before)
    {
        if (Current.Kind == FormulaTokenKind.Minus || Current.Kind == FormulaTokenKind.Plus)
        {
            var op = Advance();
            if (++depth > MaxDepth)
                throw FormulaErrors.Syntax(text, op.Position, $"signs are nested more than {MaxDepth} deep.");
            var operand = Unary(op);
            depth--;
            return new UnaryExpression(op.Source[0], operand, op.Position);
        }
        return Power(before);
    }

    private ExpressionNode Power(FormulaToken before)
    {
        var baseNode = Primary(before);
        if (Current.Kind != FormulaTokenKind.Caret)
            return baseNode;
        var op = Advance();
        if (++depth > MaxDepth)
            throw FormulaErrors.Syntax(text, op.Position, $"powers are nested more than {MaxDepth} deep.");
        var exponent = Unary(op);
        depth--;
        return new BinaryExpression('^', baseNode, exponent, baseNode.Position);
    }

    private ExpressionNode Primary(FormulaToken before)
    {
        var token = Current;
        switch (token.Kind)
        {
            case FormulaTokenKind.Number:
                Advance();
                return new NumberExpression(double.Parse(token.Value, CultureInfo.InvariantCulture), token.Position);
            case FormulaTokenKind.Name:
                if (tokens[index + 1].Kind == FormulaTokenKind.LeftParen)
                    return Call(outermost: false);
                Advance();
                if (token.Source == token.Value && (token.Value == "TRUE" || token.Value == "FALSE"))
                    return new LogicalExpression(token.Value == "TRUE", token.Position);
                return new ColumnExpression(token.Value, token.Position);
            case FormulaTokenKind.LeftParen:
                var open = Advance();
                if (++depth > MaxDepth)
                    throw FormulaErrors.Syntax(text, open.Position, $"parentheses are nested more than {MaxDepth} deep.");
                var inner = Sum(open);
                Close(open);
                depth--;
                return new ParenExpression(inner, open.Position);
            case FormulaTokenKind.PercentOperator:
            case FormulaTokenKind.Colon:
            case FormulaTokenKind.Bar:
            case FormulaTokenKind.DoubleBar:
            case FormulaTokenKind.Tilde:
                throw FormulaErrors.Unsupported(text, token.Position,
                    $"{token.Display} cannot appear inside a function call: arithmetic there uses + - * / ^ and parentheses.");
            default:
                var found = token.Kind == FormulaTokenKind.End ? "" : ", found " + token.Display;
                throw FormulaErrors.Syntax(text, token.Position, $"expected a number, a column name or '(' after {before.Display}{found}.");
        }
    }

    private void Close(FormulaToken open)
    {
        if (Current.Kind == FormulaTokenKind.RightParen)
        {
            Advance();
            return;
        }
        if (Current.Kind == FormulaTokenKind.End)
            throw FormulaErrors.Syntax(text, open.Position, $"the '(' at position {open.Position} is never closed: add a ')'.");
        if (Current.Kind is FormulaTokenKind.Colon or FormulaTokenKind.PercentOperator or FormulaTokenKind.Bar or FormulaTokenKind.DoubleBar or FormulaTokenKind.Tilde)
            throw FormulaErrors.Unsupported(text, Current.Position,
                $"{Current.Display} cannot appear inside a function call: arithmetic there uses + - * / ^ and parentheses.");
        throw FormulaErrors.Syntax(text, Current.Position, $"expected an operator, ',' or a ')' to close the '(' at position {open.Position} before {Current.Display}.");
    }

    private FormulaToken Advance()
    {
        var token = tokens[index];
        if (token.Kind != FormulaTokenKind.End)
            index++;
        return token;
    }
}
