namespace LmmPS.Core.Gradients;

/// <summary>The gradient as a bound-constrained minimiser sees it: a component at an active lower bound whose
/// derivative is positive points out of the feasible box (decreasing the objective would need theta below its bound),
/// so it counts as 0. At a minimum of the constrained problem every projected component is 0.</summary>
public static class ProjectedGradient
{
    /// <summary>The largest |projected component| (infinity norm, the figure lme4's convergence check prints as
    /// max|grad|). A component is at its bound when theta_i &lt;= lower_i.</summary>
    public static double Norm(IReadOnlyList<double> theta, IReadOnlyList<double> lower, IReadOnlyList<double> gradient)
    {
        if (theta is null) throw new ArgumentNullException(nameof(theta));
        if (lower is null) throw new ArgumentNullException(nameof(lower));
        if (gradient is null) throw new ArgumentNullException(nameof(gradient));
        if (lower.Count != theta.Count || gradient.Count != theta.Count)
            throw new ArgumentException($"{theta.Count} theta, {lower.Count} bounds and {gradient.Count} derivatives: the lengths must match.");
        double norm = 0.0;
        for (int i = 0; i < theta.Count; i++)
        {
            double g = gradient[i];
            if (theta[i] <= lower[i] && g > 0.0)
                continue;
            norm = Math.Max(norm, Math.Abs(g));
        }
        return norm;
    }
}
