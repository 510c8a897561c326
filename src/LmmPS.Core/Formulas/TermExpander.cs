namespace LmmPS.Core.Formulas;

/// <summary>Expands one side of a model (the fixed part, or a random term's left-hand side) into terms, the way
/// R's terms() does: it tracks the intercept ('1' keeps it, '0' removes it, the reverse after '-') and numbers
/// the variables by first appearance, which is the order R writes a term's variables in its label.</summary>
internal sealed class TermExpander
{
    /// <summary>A guard against '*' chains that would expand into an unusable number of terms.</summary>
    private const int MaxTerms = 10000;

    /// <summary>The most variables one interaction term may hold (see <see cref="EnsureOrder"/>).</summary>
    private const int MaxInteractionOrder = 64;

    private readonly string text;
    private readonly bool insideRandomTerm;
    private readonly FormulaCalls calls;
    private readonly List<string> variables = new();
    private readonly Dictionary<string, int> variableIndex = new(StringComparer.Ordinal);

    /// <summary>False while expanding the right operand of '-', where '1' removes the intercept (R's parity).</summary>
    private bool adding = true;

    /// <param name="text">The formula, for error messages.</param>
    /// <param name="insideRandomTerm">Whether this expands a random term's left-hand side (for error messages).</param>
    /// <param name="firstVariable">The response for the fixed part: R numbers it first, which matters only
    /// when it also appears on the right.</param>
    /// <param name="calls">Collects the function calls and offsets, shared by the fixed part and the random terms.</param>
    public TermExpander(string text, bool insideRandomTerm, string? firstVariable, FormulaCalls? calls = null)
    {
        this.text = text;
        this.insideRandomTerm = insideRandomTerm;
        this.calls = calls ?? new FormulaCalls();
        if (firstVariable is not null)
        {
            IndexOf(firstVariable);
        }
    }

    public bool HasIntercept { get; private set; } = true;

    /// <summary>Expands <c>part + part - part ...</c>. <paramref name="takeRandomTerm"/> receives the
    /// random-effects terms found among the parts; when null, a random-effects term is an error.</summary>
    public TermList ExpandSum(IReadOnlyList<SumPart> parts, Action<BarNode>? takeRandomTerm)
    {
        var result = TermList.Empty;
        foreach (var part in parts)
        {
            if (takeRandomTerm is not null && AsRandomTerm(part.Operand) is { } bar)
            {
                if (part.IsRemoval)
                {
                    throw FormulaErrors.Unsupported(text, part.OperatorPosition, "a random-effects term cannot be removed with '-'.");
                }

                takeRandomTerm(bar);
                continue;
            }

            if (part.Operand is CallNode { Call.Function: "offset" } offset)
            {
                // lme4 (model.frame) takes offset() terms out of the formula and adds them to the linear predictor.
                if (takeRandomTerm is null || insideRandomTerm)
                    throw FormulaErrors.Unsupported(text, offset.Position,
                        "offset(...) must be added on its own to the fixed part, e.g. 'y ~ x + offset(log(n)) + (1 | g)'.");
                if (part.IsRemoval)
                    throw FormulaErrors.Unsupported(text, part.OperatorPosition, "an offset cannot be removed with '-'.");
                calls.Add(offset.Call);
                calls.Offsets.Add(offset.Call);
                continue;
            }

            if (part.IsRemoval)
            {
                adding = !adding;
                var removed = Expand(part.Operand);
                adding = !adding;
                result = TermList.Delete(result, removed);
            }
            else
            {
                var added = Expand(part.Operand);
                EnsureSize(result.Count + (long)added.Count, part.OperatorPosition);
                result.AddAll(added);
            }
        }

        return result;
    }

    /// <summary>The terms as <see cref="ModelTerm"/>s in R's order, each with its variables in R's order.</summary>
    public IReadOnlyList<ModelTerm> ToModelTerms(TermList terms) =>
        terms.InModelOrder().Select(t => new ModelTerm(t.Select(i => variables[i]).ToArray())).ToList();

    /// <summary>A random-effects term, possibly inside redundant parentheses like <c>((1 | g))</c>.</summary>
    public static BarNode? AsRandomTerm(FormulaNode node)
    {
        while (node is ParenNode paren)
        {
            node = paren.Inner;
        }

        return node as BarNode;
    }

    public TermList Expand(FormulaNode node)
    {
        switch (node)
        {
            case VariableNode variable:
                return TermList.Single(IndexOf(variable.Name));
            case CallNode { Call.Function: "offset" } offset:
                throw FormulaErrors.Unsupported(text, offset.Position,
                    "offset(...) must be added on its own to the fixed part, e.g. 'y ~ x + offset(log(n)) + (1 | g)'.");
            case CallNode call:
                return TermList.Single(IndexOf(calls.Add(call.Call)));
            case NumberNode number:
                SetIntercept(number);
                return TermList.Empty;
            case SumNode sum:
                return ExpandSum(sum.Parts, null);
            case ProductNode product:
                return ExpandProduct(product);
            case InteractionNode interaction:
                return ExpandInteraction(interaction);
            case ParenNode paren:
                return Expand(paren.Inner);
            case BarNode bar:
                throw MisplacedRandomTerm(bar);
            default:
                throw new InvalidOperationException("Unknown formula node " + node.GetType().Name);
        }
    }

    private TermList ExpandProduct(ProductNode product)
    {
        var result = ExpandOperand(product.First, product.Steps[0].Symbol);
        foreach (var step in product.Steps)
        {
            var right = ExpandOperand(step.Operand, step.Symbol);
            if (step.Operator == FormulaTokenKind.Star)
            {
                EnsureSize(result.Count + (long)right.Count + (long)result.Count * right.Count, step.OperatorPosition);
                result = TermList.Cross(result, right);
            }
            else
            {
                EnsureSize(result.Count + (long)right.Count, step.OperatorPosition);
                result = TermList.Nest(result, right);
            }
        }

        return result;
    }

    private TermList ExpandInteraction(InteractionNode interaction)
    {
        var result = ExpandOperand(interaction.Operands[0], ":");
        for (var i = 1; i < interaction.Operands.Count; i++)
        {
            var right = ExpandOperand(interaction.Operands[i], ":");
            EnsureSize((long)result.Count * right.Count, interaction.OperatorPositions[i - 1]);
            result = TermList.Interact(result, right);
            EnsureOrder(result, interaction.OperatorPositions[i - 1]);
        }

        return result;
    }

    /// <summary>R silently turns '1:a' into nothing; that is never what was meant, so it is an error here.</summary>
    private TermList ExpandOperand(FormulaNode operand, string operatorSymbol)
    {
        if (operand is NumberNode number)
        {
            throw FormulaErrors.Syntax(text, number.Position,
                $"'{number.Source}' cannot be an operand of '{operatorSymbol}': the numbers 1 and 0 only add or remove the intercept, with '+' or '-'.");
        }

        return Expand(operand);
    }

    private void SetIntercept(NumberNode number)
    {
        if (number.Value == 1)
        {
            HasIntercept = adding;
        }
        else if (number.Value == 0)
        {
            HasIntercept = !adding;
        }
        else
        {
            throw FormulaErrors.Syntax(text, number.Position,
                $"'{number.Source}' is not a term: the only numbers a formula can hold are 1 (keep the intercept) and 0 (remove it).");
        }
    }

    private Exception MisplacedRandomTerm(BarNode bar) => insideRandomTerm
        ? FormulaErrors.Unsupported(text, bar.Position, "a random-effects term cannot be nested inside another random-effects term's left-hand side.")
        : FormulaErrors.Unsupported(text, bar.Position,
            "a random-effects term must be added to the formula on its own with '+', e.g. 'y ~ x + (1 | g)'; it cannot be combined with ':', '*', '/' or grouped in parentheses with other terms.");

    /// <summary>An interaction of more than <see cref="MaxInteractionOrder"/> variables is refused where it grows past
    /// that: no data fit it, and building ever longer terms made a 20,000-way ':' chain quadratic (18 s, issue 17).</summary>
    private void EnsureOrder(TermList terms, int position)
    {
        foreach (var term in terms.Terms)
        {
            if (term.Length > MaxInteractionOrder)
            {
                throw FormulaErrors.Unsupported(text, position, $"an interaction of more than {MaxInteractionOrder} variables is not supported.");
            }
        }
    }

    private void EnsureSize(long count, int position)
    {
        if (count > MaxTerms)
        {
            throw FormulaErrors.Unsupported(text, position, $"the formula expands to more than {MaxTerms} terms at this operator.");
        }
    }

    private int IndexOf(string name)
    {
        if (!variableIndex.TryGetValue(name, out var index))
        {
            index = variables.Count;
            variables.Add(name);
            variableIndex.Add(name, index);
        }

        return index;
    }
}
