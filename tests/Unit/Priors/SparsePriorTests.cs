using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Priors;

/// <summary>A normal prior on the fixed effects (blme) on the sparse trailing factor: the prior's objective and its
/// analytic gradient (the selected inverse with the prior's dense weight block on the [X y] border) against the dense
/// kind, which the blme reference cases check, and against central differences; and the fits' optima.</summary>
public class SparsePriorTests
{
    private static readonly KernelOptions Sparse = new() { TrailingFactor = TrailingFactorKind.Sparse };
    private static readonly KernelOptions Dense = new() { TrailingFactor = TrailingFactorKind.Dense };

    public static TheoryData<EstimationMethod, PriorScale, PriorObjective> Kinds => new()
    {
        { EstimationMethod.ML, PriorScale.Relative, PriorObjective.PosteriorMode },
        { EstimationMethod.ML, PriorScale.Absolute, PriorObjective.PosteriorMode },
        { EstimationMethod.REML, PriorScale.Relative, PriorObjective.IntegratedLikelihood },
        { EstimationMethod.REML, PriorScale.Absolute, PriorObjective.IntegratedLikelihood },
    };

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: dense {expected:R}, sparse {actual:R} (relative tolerance {relative})");

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_prior_objective_and_gradient_agree_with_the_dense_kind_and_with_finite_differences(
        EstimationMethod method, PriorScale scale, PriorObjective objective)
    {
        var design = SparseTrailingFactorTests.Schools(pupils: 400, pupilsPerSchool: 8, neighbourhoods: 40, seed: 3);
        var prior = FixedEffectPrior.FromStandardDeviations(new[] { 1.0, 0.3 }, scale, objective);
        var sparse = new PriorModel(new LinearMixedModel(design, Sparse), prior, method);
        var dense = new PriorModel(new LinearMixedModel(design, Dense), prior, method);
        Assert.Equal(TrailingFactorKind.Sparse, sparse.Model.Factor.Kind);
        foreach (var theta in new[] { new[] { 0.6, 1.5, 0.6 }, new[] { 1.2, 0.4, 2.0 }, new[] { 0.0, 0.9, 0.3 } })
        {
            Close(dense.Objective(theta), sparse.Objective(theta), 1e-10, "objective");
            var gs = sparse.Gradient(theta);
            var gd = dense.Gradient(theta);
            for (int j = 0; j < theta.Length; j++)
            {
                Close(gd[j], gs[j], 1e-8, $"gradient {j} at ({string.Join(", ", theta)})");
                if (theta[j] == 0.0) continue;
                // Central difference of the sparse objective itself (step 1e-5, error O(h^2) ~ 1e-9 relative here).
                double h = 1e-5;
                var up = (double[])theta.Clone();
                var down = (double[])theta.Clone();
                up[j] += h;
                down[j] -= h;
                double fd = (sparse.Objective(up) - sparse.Objective(down)) / (2 * h);
                Assert.True(Math.Abs(fd - gs[j]) <= 1e-5 * Math.Max(1.0, Math.Abs(gs[j])),
                    $"gradient {j}: analytic {gs[j]:R}, central difference {fd:R}");
            }
        }
    }

    [Fact]
    public void A_prior_fit_on_a_locally_crossed_design_runs_on_the_sparse_kind_and_reaches_the_dense_optimum()
    {
        // 600 later levels: the automatic choice is sparse, also with a prior.
        var design = SparseTrailingFactorTests.Schools(pupils: 2000, pupilsPerSchool: 10, neighbourhoods: 400, seed: 13);
        var prior = FixedEffectPrior.FromStandardDeviations(new[] { 2.0, 0.5 }, PriorScale.Absolute);
        var automatic = new LinearMixedModel(design);
        Assert.Equal(TrailingFactorKind.Sparse, automatic.Factor.Kind);
        var sparse = LmmFitter.Fit(automatic, new FitOptions { Method = EstimationMethod.REML, FixedEffectPrior = prior });
        var dense = LmmFitter.Fit(design, new FitOptions { Method = EstimationMethod.REML, FixedEffectPrior = prior, Kernels = Dense });
        Close(dense.Objective, sparse.Objective, 1e-9, "objective");
        for (int j = 0; j < dense.Theta.Count; j++) Close(dense.Theta[j], sparse.Theta[j], 1e-4, $"theta {j}");
        for (int j = 0; j < dense.FixedEffects.Count; j++)
            Close(dense.FixedEffects[j].Estimate, sparse.FixedEffects[j].Estimate, 1e-5, $"beta {j}");
        Close(dense.Sigma, sparse.Sigma, 1e-5, "sigma");
    }
}
