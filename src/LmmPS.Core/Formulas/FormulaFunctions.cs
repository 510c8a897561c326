namespace LmmPS.Core.Formulas;

/// <summary>The functions a formula may call (issue 19) and the arguments each takes. Anything else is refused
/// with a caret: the engine evaluates these itself and never runs code.</summary>
internal static class FormulaFunctions
{
    /// <summary>Element-wise functions of one argument, usable anywhere in an expression.</summary>
    public static readonly IReadOnlyList<string> Elementwise = new[] { "log", "log10", "log2", "log1p", "exp", "sqrt", "abs", "I" };

    /// <summary>Functions that make a whole term (they learn from the data, or are not a column): only the
    /// outermost call of a term.</summary>
    public static readonly IReadOnlyList<string> TermLevel = new[] { "poly", "scale", "factor", "offset" };

    public static bool IsKnown(string name) => Elementwise.Contains(name) || TermLevel.Contains(name);

    public static string Supported => "log, log10, log2, log1p, exp, sqrt, abs, I, poly, scale, factor, offset";

    /// <summary>Checks the arguments of a parsed call; throws a caret error naming the bad argument.</summary>
    public static void CheckArguments(string text, CallExpression call)
    {
        var args = call.Arguments;
        switch (call.Function)
        {
            case "poly":
                if (args.Count != 2 || args[0].Name is not null || (args[1].Name is not null && args[1].Name != "degree"))
                    throw FormulaErrors.Unsupported(text, call.Position,
                        "poly() takes a variable and a degree, e.g. 'poly(x, 2)' (raw = TRUE and several variables are not supported).");
                if (args[1].Value is not NumberExpression { Value: >= 1 and <= 50 } degree || degree.Value != Math.Floor(degree.Value))
                    throw FormulaErrors.Unsupported(text, args[1].Value.Position, "the degree of poly() must be a whole number from 1 to 50, e.g. 'poly(x, 2)'.");
                return;
            case "scale":
                if (args.Count == 0 || args[0].Name is not null)
                    throw FormulaErrors.Unsupported(text, call.Position, "scale() takes a variable first, e.g. 'scale(x)' or 'scale(x, scale = FALSE)'.");
                foreach (var arg in args.Skip(1))
                {
                    if (arg.Name != "center" && arg.Name != "scale")
                        throw FormulaErrors.Unsupported(text, arg.Value.Position,
                            "scale() takes only the named options 'center = TRUE/FALSE' and 'scale = TRUE/FALSE' after the variable.");
                    if (arg.Value is not LogicalExpression)
                        throw FormulaErrors.Unsupported(text, arg.Value.Position,
                            $"'{arg.Name}' of scale() must be TRUE or FALSE (a vector of centres or scales is not supported).");
                }
                if (args.Skip(1).GroupBy(a => a.Name).Any(g => g.Count() > 1))
                    throw FormulaErrors.Syntax(text, call.Position, "scale() is given the same option twice.");
                return;
            default:
                if (args.Count != 1 || args[0].Name is not null)
                    throw FormulaErrors.Unsupported(text, call.Position,
                        $"{call.Function}() takes exactly one argument here, e.g. '{call.Function}(x)'.");
                return;
        }
    }
}
