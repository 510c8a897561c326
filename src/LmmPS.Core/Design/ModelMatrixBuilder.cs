using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>R's model.matrix for an intercept flag and a list of terms over a model frame: used for X and for the
/// left-hand side of each random-effects term.</summary>
internal static class ModelMatrixBuilder
{
    /// <param name="frame">The model frame.</param>
    /// <param name="hasIntercept">Whether to start with the <c>(Intercept)</c> column.</param>
    /// <param name="terms">Terms in R's order.</param>
    /// <param name="formulaText">For error messages.</param>
    /// <param name="context">Says where the terms come from in error messages, e.g. "the fixed effects".</param>
    /// <param name="contrasts">Explicit codings by factor name (lme4's <c>contrasts</c>, which applies to X only); a
    /// factor not listed gets R's default (treatment, or polynomial when ordered).</param>
    public static List<DesignColumn> Build(ModelFrame frame, bool hasIntercept, IReadOnlyList<ModelTerm> terms, string formulaText, string context,
        IReadOnlyDictionary<string, ContrastSpec>? contrasts = null)
    {
        int n = frame.RowCount;
        var columns = new List<DesignColumn>();
        if (hasIntercept)
            columns.Add(new DesignColumn("(Intercept)", Ones(n)));

        foreach (var term in terms)
            foreach (var name in term.Variables)
                if (frame[name] is FactorVariable f && f.Levels.Count < 2)
                    throw FactorWithOneLevel(f, formulaText, context);

        bool[][] useContrasts = TermCodingRule.Decide(hasIntercept, terms, v => frame[v] is FactorVariable);
        DesignMemory.EnsureFits(n, ColumnCounts(frame, hasIntercept, terms, useContrasts), context);
        for (int t = 0; t < terms.Count; t++)
            columns.AddRange(TermColumns(frame, terms[t], useContrasts[t], contrasts));
        return columns;
    }

    /// <summary>Each term's column count before any is built: the product over its variables of 1 (numeric), its
    /// column count (a matrix such as poly(x, 3)), levels - 1 (contrasts) or levels (indicators).</summary>
    private static List<(string Term, long Columns)> ColumnCounts(ModelFrame frame, bool hasIntercept, IReadOnlyList<ModelTerm> terms, bool[][] useContrasts)
    {
        var counts = new List<(string, long)>();
        if (hasIntercept)
            counts.Add(("(Intercept)", 1));
        for (int t = 0; t < terms.Count; t++)
        {
            double product = 1;
            for (int v = 0; v < terms[t].Variables.Count; v++)
                if (frame[terms[t].Variables[v]] is FactorVariable f)
                    product *= useContrasts[t][v] ? f.Levels.Count - 1 : f.Levels.Count;
                else if (frame[terms[t].Variables[v]] is MatrixVariable m)
                    product *= m.Columns.Length;
            counts.Add((string.Join(":", terms[t].Variables), product >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)product));
        }
        return counts;
    }

    /// <summary>The columns of one term: every combination of its variables' columns, the first variable varying
    /// fastest, names joined by ':' (R's order and names).</summary>
    private static IEnumerable<DesignColumn> TermColumns(ModelFrame frame, ModelTerm term, bool[] useContrasts, IReadOnlyDictionary<string, ContrastSpec>? contrasts)
    {
        int n = frame.RowCount;
        var result = new List<DesignColumn> { new DesignColumn("", Ones(n)) };
        for (int v = 0; v < term.Variables.Count; v++)
        {
            var variable = frame[term.Variables[v]];
            var pieces = VariableColumns(variable, useContrasts[v], contrasts);
            if (v == 0)
            {
                // 1 x piece is the piece: take a factor's fresh columns as they are (a 5,000-level factor's are 1 GB on
                // 25,000 rows; copying them was most of the design's build time), other variables' as copies of the frame's.
                result = pieces.Select(p => variable is FactorVariable ? p : new DesignColumn(p.Name, (double[])p.Values.Clone())).ToList();
                continue;
            }
            var next = new List<DesignColumn>(result.Count * pieces.Count);
            foreach (var piece in pieces)
            {
                foreach (var partial in result)
                {
                    var values = new double[n];
                    for (int i = 0; i < n; i++)
                        values[i] = partial.Values[i] * piece.Values[i];
                    string name = partial.Name.Length == 0 ? piece.Name : partial.Name + ":" + piece.Name;
                    next.Add(new DesignColumn(name, values));
                }
            }
            result = next;
        }
        return result;
    }

    private static List<DesignColumn> VariableColumns(FrameVariable variable, bool useContrasts, IReadOnlyDictionary<string, ContrastSpec>? contrasts)
    {
        if (variable is NumericVariable numeric)
            return new List<DesignColumn> { new DesignColumn(numeric.Name, numeric.Values) };
        if (variable is MatrixVariable matrix)
            return matrix.Columns.Select((values, j) => new DesignColumn(matrix.Name + matrix.Suffixes[j], values)).ToList();

        var factor = (FactorVariable)variable;
        FactorCoding coding = !useContrasts
            ? ContrastCoding.Indicators(factor.Levels)
            : contrasts is not null && contrasts.TryGetValue(factor.Name, out var spec)
                ? spec.Coding(factor.Name, factor.Levels)
            : factor.IsOrdered
                ? ContrastCoding.Polynomial(factor.Levels.Count)
                : ContrastCoding.Treatment(factor.Levels);
        var columns = new List<DesignColumn>(coding.ColumnCount);
        var all = new double[coding.ColumnCount][];
        for (int j = 0; j < coding.ColumnCount; j++)
            all[j] = new double[factor.Codes.Length];
        if (coding.FirstIndicatedLevel is int first)
        {
            // Each row sets the one indicator of its level (none for the baseline); the rows of each indicator are
            // counted first, then listed in increasing order.
            var rows = new int[all.Length][];
            var count = new int[all.Length];
            foreach (int code in factor.Codes)
                if (code - first >= 0 && code - first < all.Length)
                    count[code - first]++;
            for (int j = 0; j < all.Length; j++)
            {
                rows[j] = new int[count[j]];
                count[j] = 0;
            }
            for (int i = 0; i < factor.Codes.Length; i++)
            {
                int j = factor.Codes[i] - first;
                if (j >= 0 && j < all.Length)
                {
                    all[j][i] = 1.0;
                    rows[j][count[j]++] = i;
                }
            }
            for (int j = 0; j < all.Length; j++)
                columns.Add(new DesignColumn(factor.Name + coding.Suffixes[j], all[j], rows[j]));
            return columns;
        }
        for (int j = 0; j < coding.ColumnCount; j++)
            columns.Add(new DesignColumn(factor.Name + coding.Suffixes[j], all[j]));
        for (int j = 0; j < coding.ColumnCount; j++)
            for (int i = 0; i < factor.Codes.Length; i++)
                all[j][i] = coding.Value(factor.Codes[i], j);
        return columns;
    }

    private static double[] Ones(int n)
    {
        var ones = new double[n];
        for (int i = 0; i < n; i++)
            ones[i] = 1.0;
        return ones;
    }

    private static LmmException FactorWithOneLevel(FactorVariable factor, string formulaText, string context)
    {
        string level = factor.Levels.Count == 1 ? $"only the level '{factor.Levels[0]}'" : "no levels";
        return new LmmException(
            "FactorWithOneLevel",
            LmmErrorCategory.InvalidData,
            $"The factor '{factor.Name}' in {context} has {level} in the rows used, so it cannot be coded by contrasts " +
            "(R: contrasts can be applied only to factors with 2 or more levels). Remove it from the formula or use data in which it varies.")
        {
            Column = factor.Name,
            Position = FormulaLocator.FindVariable(formulaText, factor.Name),
        };
    }
}
