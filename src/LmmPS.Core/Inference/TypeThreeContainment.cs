using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Inference;

/// <summary>
/// lmerTest's Type III hypotheses for a treatment-coded model whose terms contain one another (interactions), built
/// the way its extract_contrasts_type3 builds them (lmerTest 3.1-3):
/// <list type="number">
/// <item>the "rank-deficient" design rdX: the intercept, then for every term all its columns without contrasts
///   (<c>model.matrix(~ 0 + term)</c>: one indicator per level, or level combination, times the term's numeric
///   variables);</item>
/// <item>L = zapsmall(t(ginv(X) rdX)): row r holds the coefficients of rdX's column r over X's columns. X is full
///   rank and spans every rdX column, so these are exact; they are found here without the data, by writing each
///   indicator of a baseline level as 1 minus the indicators of the other levels until only X's columns remain;</item>
/// <item>highest-order terms first (stable), the columns of L belonging to a term contained in others are replaced by
///   their residuals (zapsmall) from the least-squares fit on the containing terms' columns, over all rows of L;
///   term T is contained in T' when T's variables are a proper subset of T''s and both have the same numeric
///   variables (so a factor is not contained in its interaction with a covariate);</item>
/// <item>the rows of L named like X's columns are kept; term T's hypothesis is the transpose of its columns there,
///   without rows whose absolute sum is at most 1e-8.</item>
/// </list>
/// E.g. <c>Reaction ~ Days * period</c> tests Days by [0, 1, 0, 0, 1/3, 1/3] (the slope averaged over the three
/// periods, zapsmall-ed to 0.3333333 as in lmerTest) and period and Days:period by their unit rows.
/// </summary>
internal static class TypeThreeContainment
{
    public static IReadOnlyList<TermHypothesis> For(ModelDesign design, ModelTerm?[] columnTerm, IReadOnlyList<ModelTerm> present)
    {
        var schema = design.Schema ?? throw NotImplemented(design,
            "the design records no variable kinds and levels (a design assembled by hand)");
        if (design.DroppedFixedEffects.Count > 0)
            throw NotImplemented(design, $"columns were dropped as aliased ({string.Join(", ", design.DroppedFixedEffects)}), and lmerTest then maps its hypotheses by least squares");
        var names = design.FixedEffectNames;
        int p = names.Count;
        var columnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < p; j++) columnOf[names[j]] = j;
        var terms = design.Formula.FixedTerms;
        foreach (var variable in terms.SelectMany(t => t.Variables).Distinct())
        {
            if (schema.Variable(variable) is not { IsFactor: true } factor)
                continue;
            if (factor.Contrast != "contr.treatment")
                throw NotImplemented(design, $"the factor '{variable}' is coded by {factor.Contrast}, not treatment contrasts");
            // lmerTest builds the hypotheses in the first-level treatment coding and maps them to another baseline's,
            // which gives another basis (and other Satterthwaite df) than building them in that coding here.
            if (factor.Coding?.ReferenceLevel is { } reference && factor.Levels.Count > 0 && reference != factor.Levels[0])
                throw NotImplemented(design, $"the factor '{variable}' is treatment-coded against '{reference}', not its first level");
        }

        // 1-2: the rows of L, one per column of rdX, as coefficients over X's columns.
        var rowNames = new List<string>();
        var rows = new List<double[]>();
        var expander = new Expander(design, schema, columnOf);
        if (columnOf.ContainsKey("(Intercept)"))
        {
            rowNames.Add("(Intercept)");
            rows.Add(expander.Coefficients(Array.Empty<(string, string?)>()));
        }
        foreach (var term in terms)
        {
            foreach (var combination in LevelCombinations(term, schema))
            {
                rowNames.Add(string.Join(":", combination.Select(c => c.Variable + (c.Level ?? ""))));
                rows.Add(expander.Coefficients(combination));
            }
        }
        int m = rows.Count;
        var l = new double[m, p];
        for (int r = 0; r < m; r++)
            for (int c = 0; c < p; c++)
                l[r, c] = rows[r][c];
        ZapSmall(l, Enumerable.Range(0, p).ToArray());

        // 3: orthogonalize each contained term against the terms containing it, highest order first.
        int[] ColumnsOf(ModelTerm t) => Enumerable.Range(0, p).Where(j => Equals(columnTerm[j], t)).ToArray();
        foreach (var term in terms.Select((t, i) => (t, i)).OrderByDescending(x => x.t.Order).ThenBy(x => x.i).Select(x => x.t))
        {
            var containers = terms.Where(other => Contains(other, term, schema)).ToList();
            if (containers.Count == 0) continue;
            var own = ColumnsOf(term);
            var basis = containers.SelectMany(ColumnsOf).ToArray();
            Residualize(l, own, basis);
            ZapSmall(l, own);
        }

        // 4: the rows named like X's columns; each term's columns there, transposed.
        var keep = new int[p];
        for (int j = 0; j < p; j++)
        {
            keep[j] = rowNames.IndexOf(names[j]);
            if (keep[j] < 0)
                throw NotImplemented(design, $"the column '{names[j]}' has no counterpart among the columns without contrasts");
        }
        var result = new List<TermHypothesis>();
        foreach (var term in present)
        {
            var hypothesis = ColumnsOf(term)
                .Select(col => Enumerable.Range(0, p).Select(j => l[keep[j], col]).ToArray())
                .Where(row => row.Sum(Math.Abs) > 1e-8)
                .ToList();
            var matrix = new double[hypothesis.Count, p];
            for (int r = 0; r < hypothesis.Count; r++)
                for (int c = 0; c < p; c++)
                    matrix[r, c] = hypothesis[r][c];
            result.Add(new TermHypothesis(term.Label, matrix));
        }
        return result;
    }

    /// <summary>lmerTest's term_contain: <paramref name="inner"/>'s variables are a proper subset of
    /// <paramref name="outer"/>'s and both terms have the same numeric variables.</summary>
    private static bool Contains(ModelTerm outer, ModelTerm inner, DesignSchema schema)
    {
        if (!inner.Variables.All(outer.Variables.Contains) || !outer.Variables.Except(inner.Variables).Any())
            return false;
        var innerNumeric = inner.Variables.Where(v => !IsFactor(schema, v));
        var outerNumeric = outer.Variables.Where(v => !IsFactor(schema, v));
        return new HashSet<string>(innerNumeric).SetEquals(outerNumeric);
    }

    private static bool IsFactor(DesignSchema schema, string variable) => schema.Variable(variable)?.IsFactor == true;

    /// <summary>The columns of model.matrix(~ 0 + term): every combination of the factors' levels (the first
    /// variable varying fastest), numeric variables carried along with no level.</summary>
    private static IEnumerable<(string Variable, string? Level)[]> LevelCombinations(ModelTerm term, DesignSchema schema)
    {
        IEnumerable<(string Variable, string? Level)[]> partial = new[] { Array.Empty<(string, string?)>() };
        foreach (var variable in term.Variables)
        {
            var levels = IsFactor(schema, variable) ? schema.Variable(variable)!.Levels.Select(l => (string?)l).ToArray() : new string?[] { null };
            var previous = partial.ToList();
            partial = levels.SelectMany(level => previous.Select(p => p.Append((variable, level)).ToArray())).ToList();
        }
        return partial;
    }

    /// <summary>Replaces columns <paramref name="own"/> of <paramref name="l"/> by their residuals from the least-squares
    /// fit on columns <paramref name="basis"/> (lm.fit's residuals: the projection on the orthogonal complement of the
    /// basis columns' span; a basis column dependent on the earlier ones, relative tolerance 1e-7 as lm.fit's, is skipped).</summary>
    private static void Residualize(double[,] l, int[] own, int[] basis)
    {
        int m = l.GetLength(0);
        var q = new List<double[]>();
        foreach (int b in basis)
        {
            var v = new double[m];
            for (int r = 0; r < m; r++) v[r] = l[r, b];
            double norm0 = Math.Sqrt(v.Sum(x => x * x));
            if (norm0 == 0) continue;
            for (int pass = 0; pass < 2; pass++)
                foreach (var u in q)
                {
                    double d = 0;
                    for (int r = 0; r < m; r++) d += u[r] * v[r];
                    for (int r = 0; r < m; r++) v[r] -= d * u[r];
                }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            if (norm <= 1e-7 * norm0) continue;
            for (int r = 0; r < m; r++) v[r] /= norm;
            q.Add(v);
        }
        foreach (int c in own)
        {
            for (int pass = 0; pass < 2; pass++)
                foreach (var u in q)
                {
                    double d = 0;
                    for (int r = 0; r < m; r++) d += u[r] * l[r, c];
                    for (int r = 0; r < m; r++) l[r, c] -= d * u[r];
                }
        }
    }

    /// <summary>R's zapsmall(x) with digits = 7 over the given columns of <paramref name="l"/> together: round to
    /// max(0, 7 - ceiling(log10(max |x|))) decimals.</summary>
    private static void ZapSmall(double[,] l, int[] columns)
    {
        int m = l.GetLength(0);
        double max = 0;
        foreach (int c in columns)
            for (int r = 0; r < m; r++) max = Math.Max(max, Math.Abs(l[r, c]));
        int digits = max > 0 ? Math.Max(0, 7 - (int)Math.Ceiling(Math.Log10(max))) : 7;
        digits = Math.Min(digits, 15);
        foreach (int c in columns)
            for (int r = 0; r < m; r++) l[r, c] = Math.Round(l[r, c], digits);
    }

    private static LmmException NotImplemented(ModelDesign design, string why) =>
        new("TypeThreeNotImplemented", LmmErrorCategory.NotImplemented,
            $"Type III tests of '{design.Formula.Text}' are not implemented for this model: {why}; test the hypotheses with -Contrast.");

    /// <summary>Writes a product of indicators and numeric variables over X's treatment-coded columns.</summary>
    private sealed class Expander
    {
        private readonly ModelDesign _design;
        private readonly DesignSchema _schema;
        private readonly IReadOnlyDictionary<string, int> _columnOf;

        public Expander(ModelDesign design, DesignSchema schema, IReadOnlyDictionary<string, int> columnOf)
        {
            _design = design;
            _schema = schema;
            _columnOf = columnOf;
        }

        /// <summary>The coefficients over X's columns of the product of the numeric variables and factor indicators
        /// in <paramref name="parts"/>: X's column of that name if there is one, else, for a factor at its baseline
        /// level, I(f = base) = 1 - sum of I(f = other level), recursively.</summary>
        public double[] Coefficients(IReadOnlyList<(string Variable, string? Level)> parts)
        {
            var result = new double[_columnOf.Count];
            if (ColumnName(parts) is { } name && _columnOf.TryGetValue(name, out int column))
            {
                result[column] = 1.0;
                return result;
            }
            int at = -1;
            for (int i = 0; i < parts.Count && at < 0; i++)
                if (parts[i].Level is { } level && _schema.Variable(parts[i].Variable) is { } factor && factor.Levels.Count > 0 && factor.Levels[0] == level)
                    at = i;
            if (at < 0)
                throw NotImplemented(_design, $"the product '{string.Join(":", parts.Select(p => p.Variable + (p.Level ?? "")))}' is not a combination of the model's columns (a term without its marginal terms?)");
            var without = parts.Where((_, i) => i != at).ToList();
            Add(result, Coefficients(without), 1.0);
            foreach (var other in _schema.Variable(parts[at].Variable)!.Levels.Skip(1))
            {
                var swapped = parts.ToArray();
                swapped[at] = (parts[at].Variable, other);
                Add(result, Coefficients(swapped), -1.0);
            }
            return result;
        }

        /// <summary>X's name for the product: the variables in the order of the formula's term made of them
        /// (factor names followed by their level), or (Intercept) for the empty product.</summary>
        private string? ColumnName(IReadOnlyList<(string Variable, string? Level)> parts)
        {
            if (parts.Count == 0)
                return "(Intercept)";
            var set = new HashSet<string>(parts.Select(p => p.Variable));
            var term = _design.Formula.FixedTerms.FirstOrDefault(t => t.Order == set.Count && set.SetEquals(t.Variables));
            if (term is null)
                return null;
            var levelOf = parts.ToDictionary(p => p.Variable, p => p.Level);
            return string.Join(":", term.Variables.Select(v => v + (levelOf[v] ?? "")));
        }

        private static void Add(double[] target, double[] source, double weight)
        {
            for (int j = 0; j < target.Length; j++) target[j] += weight * source[j];
        }
    }
}
