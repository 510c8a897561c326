using LmmPS.Core.Common;
using LmmPS.Core.Gradients;

namespace LmmPS.Core.Fitting;

/// <summary>The gradient of the objective over theta on the sparse trailing factor: central finite differences of the
/// exact objective (2 evaluations per theta element, each a sparse factorization that costs the O(n) parts of an
/// evaluation), until the analytic gradient (the selected inverse on L's pattern with the [X y] border's correction,
/// issue 15) is wired there. Accurate to about 1e-8 relative, enough for the optimizer and for the reported gradient
/// at the optimum; the factor is left at theta, as the analytic gradient leaves it.</summary>
internal static class SparseGradient
{
    public static void Compute(LinearMixedModel model, ReadOnlySpan<double> theta, EstimationMethod method, Span<double> gradient)
    {
        var at = theta.ToArray();
        // No bounds: the objective is defined for negative template diagonals too (lme4's objective accepts them), so
        // on the boundary this is the two-sided derivative, as the analytic gradient's is.
        var (derivative, _, _) = FiniteDifference.Gradient(x => model.UpdateAndRead(x, method), at);
        derivative.AsSpan().CopyTo(gradient);
        if (!model.Factor.Refactor(at).Factored)
            throw new LmmException("FactorizationFailed", LmmErrorCategory.InvalidResult,
                $"At theta = ({string.Join(", ", at)}) the fixed-effects cross-product is not positive definite.");
    }
}
