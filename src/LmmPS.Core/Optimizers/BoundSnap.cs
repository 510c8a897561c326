namespace LmmPS.Core.Optimizers;

/// <summary>Final polish shared by the optimizers: a variable that converged to within the step tolerance of a
/// bound, but not onto it, is tried exactly on the bound (one evaluation). A variance parameter of 1e-15 instead of
/// 0 would misreport a singular fit, so the bound wins whenever it is not worse.</summary>
internal static class BoundSnap
{
    public static void Apply(CountingObjective objective, double[] lower, double[] upper, double tolerance)
    {
        if (objective.BestX is null || objective.BudgetExhausted) return;
        var snapped = Snapped(objective.BestX, lower, upper, tolerance);
        if (snapped is null) return;
        double value = objective.Evaluate(snapped);
        objective.PreferIfNotWorse(snapped, value);
    }

    /// <summary>A copy of <paramref name="x"/> with every variable within <paramref name="tolerance"/> of a bound
    /// put on it; null when none is.</summary>
    public static double[]? Snapped(double[] x, double[] lower, double[] upper, double tolerance)
    {
        var snapped = (double[])x.Clone();
        bool moved = false;
        for (int i = 0; i < snapped.Length; i++)
        {
            if (snapped[i] != lower[i] && snapped[i] - lower[i] <= tolerance)
            {
                snapped[i] = lower[i];
                moved = true;
            }
            else if (snapped[i] != upper[i] && upper[i] - snapped[i] <= tolerance)
            {
                snapped[i] = upper[i];
                moved = true;
            }
        }

        return moved ? snapped : null;
    }
}
