namespace LmmPS.Core.Formulas;

/// <summary>Recursive-descent parser from tokens to a <see cref="FormulaSyntax"/>, with R's precedence:
/// '~' &lt; '|' '||' &lt; '+' '-' &lt; '*' '/' &lt; ':'. Constructs R accepts but this module does not
/// ('^', '%in%', '.', calls of functions other than FormulaFunctions') are rejected here, where their position is known.</summary>
internal sealed class FormulaTreeParser
{
    /// <summary>Bounds the recursion so a pathological input fails with a message instead of a stack overflow.</summary>
    private const int MaxParenthesisDepth = 100;

    private readonly string text;
    private readonly IReadOnlyList<FormulaToken> tokens;
    private int index;
    private int depth;

    private FormulaTreeParser(string text, IReadOnlyList<FormulaToken> tokens)
    {
        this.text = text;
        this.tokens = tokens;
    }

    private FormulaToken Current => tokens[index];

    public static FormulaSyntax Parse(string text, IReadOnlyList<FormulaToken> tokens) =>
        new FormulaTreeParser(text, tokens).ParseFormula();

    private FormulaSyntax ParseFormula()
    {
        if (Current.Kind == FormulaTokenKind.End)
        {
            throw FormulaErrors.Syntax(text, 0, "the formula is empty; write it as 'response ~ terms', e.g. 'y ~ x + (1 | g)'.");
        }

        if (Current.Kind == FormulaTokenKind.Tilde)
        {
            throw FormulaErrors.Syntax(text, Current.Position, "expected the response (a column name) before '~'.");
        }

        var response = ParseSum(null);
        if (Current.Kind != FormulaTokenKind.Tilde)
        {
            throw MissingTilde();
        }

        var tilde = Advance();
        var terms = ParseSum(tilde);
        if (Current.Kind != FormulaTokenKind.End)
        {
            throw UnexpectedAfterExpression(null);
        }

        return new FormulaSyntax(response, tilde.Position, terms);
    }

    private Exception MissingTilde()
    {
        switch (Current.Kind)
        {
            case FormulaTokenKind.End:
                return FormulaErrors.Syntax(text, Current.Position, "missing '~': a formula is 'response ~ terms', e.g. 'y ~ x + (1 | g)'.");
            case FormulaTokenKind.Name:
            case FormulaTokenKind.Number:
            case FormulaTokenKind.LeftParen:
            case FormulaTokenKind.Dot:
                return FormulaErrors.Syntax(text, Current.Position, $"expected '~' after the response, found {Current.Display}.");
            default:
                return UnexpectedAfterExpression(null);
        }
    }

    private FormulaNode ParseSum(FormulaToken? before)
    {
        var parts = new List<SumPart>();
        var start = Current.Position;
        var hasSign = false;
        if (Current.Kind == FormulaTokenKind.Plus || Current.Kind == FormulaTokenKind.Minus)
        {
            // A leading sign, as in 'y ~ -1 + x' or '(0 + x | g)' written '(-1 + x | g)'.
            var sign = Advance();
            hasSign = true;
            parts.Add(new SumPart(sign.Kind == FormulaTokenKind.Minus, ParseProduct(sign), sign.Position));
        }
        else
        {
            var operand = ParseProduct(before);
            parts.Add(new SumPart(false, operand, operand.Position));
        }

        while (Current.Kind == FormulaTokenKind.Plus || Current.Kind == FormulaTokenKind.Minus)
        {
            var op = Advance();
            parts.Add(new SumPart(op.Kind == FormulaTokenKind.Minus, ParseProduct(op), op.Position));
        }

        return parts.Count == 1 && !hasSign ? parts[0].Operand : new SumNode(parts, start);
    }

    private FormulaNode ParseProduct(FormulaToken? before)
    {
        var first = ParseInteraction(before);
        var steps = new List<ProductStep>();
        while (Current.Kind == FormulaTokenKind.Star || Current.Kind == FormulaTokenKind.Slash)
        {
            var op = Advance();
            steps.Add(new ProductStep(op.Kind, ParseInteraction(op), op.Position));
        }

        return steps.Count == 0 ? first : new ProductNode(first, steps, first.Position);
    }

    private FormulaNode ParseInteraction(FormulaToken? before)
    {
        var operands = new List<FormulaNode> { ParsePrimary(before) };
        var operatorPositions = new List<int>();
        while (true)
        {
            RejectUnsupportedOperator();
            if (Current.Kind != FormulaTokenKind.Colon)
            {
                break;
            }

            var op = Advance();
            operatorPositions.Add(op.Position);
            operands.Add(ParsePrimary(op));
        }

        return operands.Count == 1 ? operands[0] : new InteractionNode(operands, operatorPositions, operands[0].Position);
    }

    private void RejectUnsupportedOperator()
    {
        if (Current.Kind == FormulaTokenKind.Caret)
        {
            throw FormulaErrors.Unsupported(text, Current.Position,
                $"the power operator {Current.Display} is not supported: write the terms out, e.g. '(a + b + c)^2' as 'a + b + c + a:b + a:c + b:c'.");
        }

        if (Current.Kind == FormulaTokenKind.PercentOperator)
        {
            var advice = Current.Value == "%in%"
                ? "write nesting with '/' ('a/b' means 'a + a:b') or the interaction ':' directly."
                : "a formula combines terms only with + - * / : and parentheses.";
            throw FormulaErrors.Unsupported(text, Current.Position, $"the operator {Current.Display} is not supported: {advice}");
        }
    }

    private FormulaNode ParsePrimary(FormulaToken? before)
    {
        var token = Current;
        switch (token.Kind)
        {
            case FormulaTokenKind.Name:
                if (tokens[index + 1].Kind == FormulaTokenKind.LeftParen)
                {
                    var (call, next) = ExpressionParser.ParseCall(text, tokens, index, outermost: true);
                    index = next;
                    return new CallNode(call, token.Position);
                }

                Advance();
                return new VariableNode(token.Value, token.Position);
            case FormulaTokenKind.Number:
                Advance();
                return new NumberNode(double.Parse(token.Value, System.Globalization.CultureInfo.InvariantCulture), token.Source, token.Position);
            case FormulaTokenKind.Dot:
                throw FormulaErrors.Unsupported(text, token.Position, "'.' (all remaining columns) is not supported: list the columns by name.");
            case FormulaTokenKind.LeftParen:
                return ParseParenthesized();
            default:
                throw ExpectedTerm(before, token);
        }
    }

    private FormulaNode ParseParenthesized()
    {
        var open = Advance();
        if (++depth > MaxParenthesisDepth)
        {
            throw FormulaErrors.Syntax(text, open.Position, $"parentheses are nested more than {MaxParenthesisDepth} deep.");
        }

        var inner = ParseSum(open);
        FormulaNode node;
        if (Current.IsBar)
        {
            var bar = Advance();
            var grouping = ParseSum(bar);
            if (Current.IsBar)
            {
                throw FormulaErrors.Unsupported(text, Current.Position,
                    "a random-effects term has exactly one '|' or '||': write '(effects | group)', e.g. '(1 + x | g)'.");
            }

            ExpectClosing(open);
            node = new BarNode(inner, grouping, bar.Kind == FormulaTokenKind.DoubleBar, open.Position);
        }
        else
        {
            ExpectClosing(open);
            node = new ParenNode(inner, open.Position);
        }

        depth--;
        return node;
    }

    private void ExpectClosing(FormulaToken open)
    {
        if (Current.Kind == FormulaTokenKind.RightParen)
        {
            Advance();
            return;
        }

        if (Current.Kind == FormulaTokenKind.End)
        {
            throw FormulaErrors.Syntax(text, open.Position, $"the '(' at position {open.Position} is never closed: add a ')'.");
        }

        throw UnexpectedAfterExpression(open);
    }

    /// <summary>A complete expression is followed by something that cannot continue it.</summary>
    private Exception UnexpectedAfterExpression(FormulaToken? open)
    {
        var token = Current;
        var closeHint = open is null ? "" : $" or a ')' to close the '(' at position {open.Position}";
        switch (token.Kind)
        {
            case FormulaTokenKind.Tilde:
                return FormulaErrors.Syntax(text, token.Position, open is null
                    ? "a formula has exactly one '~'; found a second one."
                    : $"'~' cannot appear inside parentheses; expected a ')' to close the '(' at position {open.Position}.");
            case FormulaTokenKind.RightParen:
                return FormulaErrors.Syntax(text, token.Position, "unmatched ')': there is no '(' before it to close.");
            case FormulaTokenKind.Bar:
            case FormulaTokenKind.DoubleBar:
                return FormulaErrors.Unsupported(text, token.Position,
                    $"{token.Display} outside parentheses: a random-effects term is written '(effects | group)', e.g. 'y ~ x + (1 | g)'.");
            case FormulaTokenKind.Comma:
                return FormulaErrors.Syntax(text, token.Position, "unexpected ','; terms are joined with '+'.");
            default:
                return FormulaErrors.Syntax(text, token.Position, $"expected an operator such as '+'{closeHint} before {token.Display}.");
        }
    }

    private Exception ExpectedTerm(FormulaToken? before, FormulaToken found)
    {
        var foundText = found.Kind == FormulaTokenKind.End ? "" : ", found " + found.Display;
        string problem;
        if (before is null)
        {
            problem = $"expected the response (a column name) at the start of the formula{foundText}.";
        }
        else if (before.Kind == FormulaTokenKind.Tilde)
        {
            problem = found.Kind == FormulaTokenKind.End
                ? "expected the model terms after '~' (write '1' for an intercept-only model)."
                : $"expected a term after '~'{foundText}.";
        }
        else if (before.Kind == FormulaTokenKind.LeftParen && found.IsBar)
        {
            problem = $"expected the random effects before {found.Display}, e.g. '(1 | g)' for a random intercept.";
        }
        else if (before.Kind == FormulaTokenKind.LeftParen && found.Kind == FormulaTokenKind.RightParen)
        {
            problem = "empty parentheses '()': expected a term after '('.";
        }
        else if (before.IsBar)
        {
            problem = $"expected a grouping factor (a column name) after {before.Display}{foundText}.";
        }
        else
        {
            problem = $"expected a term after {before.Display}{foundText}.";
        }

        return FormulaErrors.Syntax(text, found.Position, problem);
    }

    private FormulaToken Advance()
    {
        var token = tokens[index];
        if (token.Kind != FormulaTokenKind.End)
        {
            index++;
        }

        return token;
    }
}
