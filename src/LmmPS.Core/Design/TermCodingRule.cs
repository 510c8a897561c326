using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>
/// R's rule (terms.formula's factor codes, applied by model.matrix) for whether a factor inside a term is coded by
/// contrasts or by indicators of all its levels. A factor F in term T gets contrasts when T without F is empty or
/// is contained in a term that comes before T; otherwise indicators, so the columns still span T's full space when
/// its margin is missing. Without an intercept, the first factor found in the first term that has one is coded by
/// indicators instead (that is what makes <c>0 + f</c> give one column per level).
/// </summary>
internal static class TermCodingRule
{
    /// <summary>For each term, for each of its variables: true = contrasts, false = indicators. Entries for
    /// numeric variables are true and unused.</summary>
    public static bool[][] Decide(bool hasIntercept, IReadOnlyList<ModelTerm> terms, Func<string, bool> isFactor)
    {
        var codes = new bool[terms.Count][];
        for (int t = 0; t < terms.Count; t++)
        {
            var vars = terms[t].Variables;
            codes[t] = new bool[vars.Count];
            for (int v = 0; v < vars.Count; v++)
                codes[t][v] = !isFactor(vars[v]) || MarginIsInModel(terms, t, vars[v]);
        }

        if (!hasIntercept)
            CodeFirstFactorByIndicators(terms, isFactor, codes);
        return codes;
    }

    private static bool MarginIsInModel(IReadOnlyList<ModelTerm> terms, int termIndex, string dropped)
    {
        var rest = terms[termIndex].Variables.Where(v => v != dropped).ToList();
        if (rest.Count == 0)
            return true;
        for (int earlier = 0; earlier < termIndex; earlier++)
            if (rest.All(v => terms[earlier].Variables.Contains(v)))
                return true;
        return false;
    }

    private static void CodeFirstFactorByIndicators(IReadOnlyList<ModelTerm> terms, Func<string, bool> isFactor, bool[][] codes)
    {
        for (int t = 0; t < terms.Count; t++)
        {
            var vars = terms[t].Variables;
            for (int v = 0; v < vars.Count; v++)
            {
                if (isFactor(vars[v]))
                {
                    codes[t][v] = false;
                    return;
                }
            }
        }
    }
}
