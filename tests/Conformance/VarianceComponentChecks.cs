using LmmPS.Core.Fitting;

namespace LmmPS.Conformance;

/// <summary>Compares the reference <c>varcomp</c> (lme4's VarCorr) with our variance components, one line per
/// reference entry: variances and standard deviations relative (absolute near 0), correlations absolute.</summary>
public static class VarianceComponentChecks
{
    private const string ResidualGroup = "Residual";

    public static IEnumerable<CheckResult> All(string file, FitResult fit, IReadOnlyList<ReferenceVarComp> reference)
    {
        var ours = fit.VarianceComponents;
        var used = new bool[ours.Count];
        foreach (var r in reference)
        {
            string check = $"{CheckNames.VarComp}/{r.Group}";
            // lme4 labels a second term of the same factor "Subject.1"; match on the factor and the column names
            // instead, taking our terms in order so two terms with the same factor and columns pair up in order.
            int index = -1;
            for (int i = 0; i < ours.Count && index < 0; i++)
            {
                if (used[i])
                    continue;
                bool residual = ours[i].Group == ResidualGroup;
                if (r.IsResidual ? residual : !residual && ours[i].Group == r.Factor && ours[i].Names.SequenceEqual(r.Names))
                    index = i;
            }
            if (index < 0)
            {
                string have = string.Join(", ", ours.Select(o => $"{o.Group}[{string.Join(",", o.Names)}]"));
                yield return CheckResult.Fail(file, check, $"no component of ours for factor {r.Factor} with columns [{string.Join(", ", r.Names)}]; ours: {have}");
                continue;
            }
            used[index] = true;
            yield return Compare(file, check, ours[index], r);
        }
    }

    public static CheckResult Compare(string file, string check, VarianceComponent ours, ReferenceVarComp reference)
    {
        var comparer = new ElementComparer();
        int k = ours.Names.Count;
        for (int i = 0; i < reference.Names.Count; i++)
        {
            string name = reference.Names[i];
            if (i >= k)
            {
                comparer.Missing(name);
                continue;
            }
            if (i < reference.Variance.Count)
                comparer.Add($"variance[{name}]", ours.Covariance[i, i], reference.Variance[i], Allowance(reference.Variance[i]));
            if (i < reference.StdDev.Count)
                comparer.Add($"stddev[{name}]", ours.StdDev[i], reference.StdDev[i], Allowance(reference.StdDev[i]));
        }
        if (reference.Correlation is { } correlation)
        {
            // Only the strict lower triangle: the diagonal is 1 by definition and the upper triangle mirrors it.
            for (int i = 0; i < correlation.Count && i < k; i++)
                for (int j = 0; j < i && j < correlation[i].Count; j++)
                    comparer.Add($"corr[{reference.Names[i]},{reference.Names[j]}]", ours.Correlation[i, j], correlation[i][j], Tolerances.VarComp);
        }
        return comparer.ToResult(file, check,
            $"tol {Format.Small(Tolerances.VarComp)} rel for variance/stddev ({Format.Small(Tolerances.VarCompNearZero)} abs where |ref| < {Format.Small(Tolerances.VarCompNearZero)}), {Format.Small(Tolerances.VarComp)} abs for correlations");
    }

    private static double Allowance(double? expected) =>
        expected is double e ? Tolerance.NearZeroAllowance(e, Tolerances.VarComp, Tolerances.VarCompNearZero) : 0;
}
