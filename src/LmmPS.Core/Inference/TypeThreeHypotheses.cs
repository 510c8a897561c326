using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Inference;

/// <summary>
/// The hypothesis matrix lmerTest's anova(type = 3) tests for each fixed-effects term. F does not depend on which
/// basis of a hypothesis is used, but Satterthwaite's denominator df does, so the basis is lmerTest's:
/// <list type="bullet">
/// <item>one term (or one column): the Type I rows, i.e. the term's rows of U, the unit upper-triangular factor of
///   X'X = U' D U (lmerTest's Doolittle factorization; entries below 1e-6 in magnitude set to 0, as there);</item>
/// <item>several terms without interactions, treatment-coded: the unit rows of the term's columns (the treatment-coded
///   Type III contrasts when no term contains another);</item>
/// <item>interactions (terms contained in others): lmerTest's containment construction, <see cref="TypeThreeContainment"/>
///   (treatment-coded factors only).</item>
/// </list>
/// Several terms under other codings are refused with a clear message: test them with explicit contrasts.
/// </summary>
public static class TypeThreeHypotheses
{
    public static IReadOnlyList<TermHypothesis> For(ModelDesign design)
    {
        if (design is null) throw new ArgumentNullException(nameof(design));
        int p = design.FixedEffectCount;
        var terms = design.Formula.FixedTerms;
        var columnTerm = ColumnTerms(design);
        var present = terms.Where(t => columnTerm.Contains(t)).ToList();
        if (present.Count == 0)
            return Array.Empty<TermHypothesis>();
        if (present.Count == 1 || p <= 1)
        {
            var u = UnitUpperFactor(design);
            return present.Select(t => new TermHypothesis(t.Label, Rows(u, columnTerm, t, p))).ToArray();
        }
        if (terms.Any(t => t.Order > 1))
            return TypeThreeContainment.For(design, columnTerm, present);
        for (int j = 0; j < p; j++)
            if (columnTerm[j] is { } term && columnTerm.Count(c => Equals(c, term)) > 1 && !IsIndicator(design, j))
                throw new LmmException("TypeThreeNotImplemented", LmmErrorCategory.NotImplemented,
                    $"Type III tests of the multi-column term '{term.Label}' under a coding other than treatment contrasts (column '{design.FixedEffectNames[j]}') are not implemented yet when the model has several terms; test it with -Contrast.");
        var identity = new double[p, p];
        for (int j = 0; j < p; j++) identity[j, j] = 1.0;
        return present.Select(t => new TermHypothesis(t.Label, Rows(identity, columnTerm, t, p))).ToArray();
    }

    /// <summary>The term each column of X belongs to (null for the intercept): the term whose variables start the
    /// ':'-separated parts of the column name, in order (the longest such match).</summary>
    private static ModelTerm?[] ColumnTerms(ModelDesign design)
    {
        var names = design.FixedEffectNames;
        var result = new ModelTerm?[names.Count];
        for (int j = 0; j < names.Count; j++)
        {
            if (names[j] == "(Intercept)") continue;
            var parts = names[j].Split(':');
            ModelTerm? best = null;
            int bestLength = -1;
            foreach (var term in design.Formula.FixedTerms)
            {
                if (term.Order != parts.Length) continue;
                bool match = true;
                for (int v = 0; v < parts.Length && match; v++)
                    match = parts[v].StartsWith(term.Variables[v], StringComparison.Ordinal);
                int length = term.Variables.Sum(v => v.Length);
                if (match && length > bestLength)
                {
                    best = term;
                    bestLength = length;
                }
            }
            result[j] = best ?? throw new LmmException("TypeThreeColumnUnmatched", LmmErrorCategory.NotImplemented,
                $"The fixed-effect column '{names[j]}' could not be matched to a term of '{design.Formula.Text}', so its Type III hypothesis is unknown; test it with -Contrast.");
        }
        return result;
    }

    private static double[,] Rows(double[,] basis, ModelTerm?[] columnTerm, ModelTerm term, int p)
    {
        var rows = Enumerable.Range(0, p).Where(j => Equals(columnTerm[j], term)).ToArray();
        var l = new double[rows.Length, p];
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < p; c++)
                l[r, c] = basis[rows[r], c];
        return l;
    }

    private static bool IsIndicator(ModelDesign design, int column)
    {
        int n = design.RowCount;
        for (int i = 0; i < n; i++)
        {
            double v = design.X[column * n + i];
            if (v != 0.0 && v != 1.0) return false;
        }
        return true;
    }

    /// <summary>U with X'X = L U, L unit lower triangular (Doolittle), returned as L' (row j: the j-th Type I
    /// hypothesis); |entries| below 1e-6 are set to 0 and a pivot below 1e-6 zeroes its column, as lmerTest does.</summary>
    private static double[,] UnitUpperFactor(ModelDesign design)
    {
        int p = design.FixedEffectCount, n = design.RowCount;
        var x = new double[p, p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b <= a; b++)
            {
                double s = 0.0;
                for (int i = 0; i < n; i++) s += design.X[a * n + i] * design.X[b * n + i];
                x[a, b] = x[b, a] = s;
            }
        const double eps = 1e-6;
        var lower = new double[p, p];
        var upper = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            lower[i, i] = 1.0;
            for (int j = 0; j < p; j++)
            {
                double s = x[i, j];
                for (int k = 0; k < i; k++) s -= lower[i, k] * upper[k, j];
                upper[i, j] = s;
            }
            for (int j = i + 1; j < p; j++)
            {
                double s = x[j, i];
                for (int k = 0; k < i; k++) s -= lower[j, k] * upper[k, i];
                lower[j, i] = Math.Abs(upper[i, i]) < eps ? 0.0 : s / upper[i, i];
            }
        }
        var result = new double[p, p];
        for (int r = 0; r < p; r++)
            for (int c = 0; c < p; c++)
                result[r, c] = Math.Abs(lower[c, r]) < eps ? 0.0 : lower[c, r];
        return result;
    }
}
