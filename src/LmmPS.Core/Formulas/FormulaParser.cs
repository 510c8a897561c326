namespace LmmPS.Core.Formulas;

/// <summary>Parses lme4 formula syntax. Errors are <see cref="Common.LmmException"/> with id
/// <c>FormulaSyntaxError</c> (or <c>UnsupportedFormulaConstruct</c>), <see cref="Common.LmmException.Position"/>
/// set, and a message that shows the formula with a caret under the offending position.</summary>
public static class FormulaParser
{
    public static Formula Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var syntax = FormulaTreeParser.Parse(text, FormulaLexer.Tokenize(text));
        var calls = new FormulaCalls();
        var response = ResponseName(text, syntax, calls);

        // lme4 builds X from nobars(formula): the random-effects terms are taken out and the rest is expanded
        // by terms(); each random term's left-hand side is expanded on its own.
        var randomTerms = new List<RandomTerm>();
        var fixedPart = new TermExpander(text, insideRandomTerm: false, firstVariable: response, calls);
        var parts = syntax.Terms is SumNode sum ? sum.Parts : new[] { new SumPart(false, syntax.Terms, syntax.Terms.Position) };
        var fixedTerms = fixedPart.ExpandSum(parts, bar => randomTerms.AddRange(RandomTermExpander.Expand(text, bar, calls)));

        return new Formula(text, response, fixedPart.HasIntercept, fixedPart.ToModelTerms(fixedTerms), randomTerms)
        {
            Computed = calls.Computed,
            Offsets = calls.Offsets.Select(o => o.Label).Distinct(StringComparer.Ordinal).ToArray(),
        };
    }

    private static string ResponseName(string text, FormulaSyntax syntax, FormulaCalls calls)
    {
        if (syntax.Response is VariableNode variable)
        {
            return variable.Name;
        }

        if (syntax.Response is CallNode call)
        {
            if (call.Call.Function is "poly" or "factor" or "offset")
            {
                throw FormulaErrors.Unsupported(text, call.Position,
                    $"the response cannot be {call.Call.Function}(...): a linear mixed model needs one numeric response.");
            }

            return calls.Add(call.Call);
        }

        var start = syntax.Response.Position;
        var written = text.Substring(start, syntax.TildePosition - start).Trim();
        throw FormulaErrors.Unsupported(text, start,
            $"the response (left of '~') must be a single column name, found '{written}'; a function of a column such as 'log(y)' is allowed too; otherwise compute the response as a column in the data first.");
    }
}
