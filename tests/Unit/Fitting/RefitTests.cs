using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>The long-lived model: a new response re-forms only y's row and column of the cross-product, and a refit
/// from the last optimum reaches the optimum a fresh fit (a cross-product formed from scratch, lme4's start) finds.</summary>
public class RefitTests
{
    internal static ModelDesign WithY(ModelDesign d, double[] y) =>
        new(d.Formula, y, d.X, d.FixedEffectNames, d.DroppedFixedEffects, d.RandomTerms, d.RowsUsed, d.RowsDropped);

    /// <summary>A response unlike the original: a fixed pseudo-random permutation plus a trend.</summary>
    internal static double[] OtherResponse(ModelDesign d, int seed = 11)
    {
        var y = (double[])d.Response.Clone();
        new Random(seed).Shuffle(y);
        for (int i = 0; i < y.Length; i++) y[i] += 0.01 * i;
        return y;
    }

    public static TheoryData<string> Designs => new() { "sleepstudy", "penicillin", "pastes" };

    private static ModelDesign Design(string name) => name switch
    {
        "sleepstudy" => HandBuiltDesigns.Sleepstudy(),
        "penicillin" => HandBuiltDesigns.Penicillin(),
        _ => HandBuiltDesigns.Pastes(),
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void A_new_response_gives_the_cross_product_formed_from_scratch_bit_for_bit(string name)
    {
        var design = Design(name);
        var y = OtherResponse(design);
        var refit = new LinearMixedModel(design).WithResponse(y).Factor.CrossProduct;
        var fresh = new LinearMixedModel(WithY(design, y)).Factor.CrossProduct;
        Assert.Equal(fresh.Dense.Values, refit.Dense.Values);
        Assert.Equal(fresh.Trailing, refit.Trailing);
        Assert.Equal(fresh.First.Values, refit.First.Values);
        Assert.Equal(fresh.Sparse.Values, refit.Sparse.Values);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Responses_set_one_after_another_give_the_cross_product_formed_from_scratch_and_leave_a_twin_alone(string name)
    {
        var design = Design(name);
        var model = new LinearMixedModel(design);
        var theta = model.DefaultStartTheta.Select(t => 0.8 * t + 0.1).ToArray();
        model.SetResponse(OtherResponse(design, 1));
        // The twin shares the first response's cross-product: the next response must not be formed into it.
        var twin = model.SharingCrossProduct();
        double twinBefore = twin.Objective(theta, EstimationMethod.REML);
        foreach (int seed in new[] { 2, 3, 4 })
        {
            var y = OtherResponse(design, seed);
            model.SetResponse(y);
            var fresh = new LinearMixedModel(WithY(design, y)).Factor.CrossProduct;
            var a = model.Factor.CrossProduct;
            Assert.Equal(fresh.Trailing, a.Trailing);
            Assert.Equal(fresh.Dense.Values, a.Dense.Values);
            Assert.Equal(new LinearMixedModel(WithY(design, y)).Objective(theta, EstimationMethod.REML), model.Objective(theta, EstimationMethod.REML));
        }
        Assert.NotSame(twin.Factor.CrossProduct.Trailing, model.Factor.CrossProduct.Trailing);
        Assert.Equal(twinBefore, twin.Objective(theta, EstimationMethod.REML));
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void A_refit_from_the_last_optimum_equals_a_fresh_fit_on_the_new_response(string name)
    {
        var design = Design(name);
        var model = new LinearMixedModel(design);
        var first = LmmFitter.Fit(model, new FitOptions { Method = EstimationMethod.ML });
        // A bootstrap sample (a shuffled response can put the optimum on the boundary, where a fit from lme4's start
        // and one from the last optimum may stop at different points of a flat objective).
        var y = ResponseSimulator.Simulate(first, new Random(3));
        var fresh = LmmFitter.Fit(WithY(design, y), new FitOptions { Method = EstimationMethod.ML });
        var refit = LmmFitter.Fit(model.WithResponse(y), new FitOptions { Method = EstimationMethod.ML }, first.Theta);

        Assert.NotEqual(first.Objective, fresh.Objective);
        Assert.Equal(fresh.Objective, refit.Objective, Math.Abs(fresh.Objective) * 1e-10);
        for (int i = 0; i < fresh.Theta.Count; i++)
            Assert.Equal(fresh.Theta[i], refit.Theta[i], 2e-4 * Math.Max(1.0, Math.Abs(fresh.Theta[i])));
        for (int i = 0; i < fresh.FixedEffects.Count; i++)
            Assert.Equal(fresh.FixedEffects[i].Estimate, refit.FixedEffects[i].Estimate, 1e-4 * Math.Max(1.0, Math.Abs(fresh.FixedEffects[i].Estimate)));
        // The original model still answers for the original response.
        Assert.Equal(first.Objective, model.Objective(first.Theta.ToArray(), EstimationMethod.ML), Math.Abs(first.Objective) * 1e-14);

        // In place: the same model, factor and workspaces, given the new response, refits to the same optimum.
        model.SetResponse(y);
        Assert.Equal(y, model.Design.Response);
        var inPlace = LmmFitter.Fit(model, new FitOptions { Method = EstimationMethod.ML }, first.Theta);
        Assert.Equal(refit.Objective, inPlace.Objective);
        Assert.Equal(refit.Theta, inPlace.Theta);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void The_light_refit_reads_the_full_refits_optimum_and_matches_a_fresh_fit(string name)
    {
        var design = Design(name);
        var model = new LinearMixedModel(design);
        var options = new FitOptions { Method = EstimationMethod.REML };
        var first = LmmFitter.Fit(model, options);
        var y = ResponseSimulator.Simulate(first, new Random(5));
        var full = LmmFitter.Fit(model.WithResponse(y), options, first.Theta);
        model.SetResponse(y);
        var light = LmmFitter.Refit(model, options, first.Theta, default);

        // The same optimizer run from the same start, whose first evaluation reads the factor kept at the start with y's
        // row formed alone (LinearMixedModel.ReturnToStart) instead of a factorization: the same optimum to rounding in
        // the objective; theta, sigma and beta as far as the stopping rule fixes them (Pastes' objective is flat: theta
        // differs by 1.3e-5 there), with the tolerances of the comparison with a fresh fit above.
        Assert.Equal(full.Objective, light.Objective, Math.Abs(full.Objective) * 1e-12);
        for (int i = 0; i < full.Theta.Count; i++)
            Assert.Equal(full.Theta[i], light.Theta[i], 2e-4 * Math.Max(1.0, Math.Abs(full.Theta[i])));
        Assert.Equal(full.Sigma, light.Sigma, 1e-4 * full.Sigma);
        for (int i = 0; i < light.Beta.Length; i++)
            Assert.Equal(full.FixedEffects[i].Estimate, light.Beta[i], 1e-4 * Math.Max(1.0, Math.Abs(light.Beta[i])));
        Assert.Equal(full.Converged, light.Converged);
        Assert.Equal(full.IsSingular, light.Singular);
        // And the optimum of a model formed from scratch for y, started at lme4's start, to 1e-10.
        var fresh = LmmFitter.Fit(WithY(design, y), options);
        Assert.Equal(fresh.Objective, light.Objective, Math.Abs(fresh.Objective) * 1e-10);
        Assert.Equal(fresh.Sigma, light.Sigma, 1e-4 * fresh.Sigma);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void After_a_new_response_the_objective_everywhere_is_the_fresh_models(string name)
    {
        var design = Design(name);
        var model = new LinearMixedModel(design);
        var theta = model.DefaultStartTheta.Select(t => 0.7 * t + 0.05).ToArray();
        double before = model.Objective(theta, EstimationMethod.REML);
        var y = OtherResponse(design);
        model.SetResponse(y);
        // The factor held theta for the old response: it must not answer for the new one without refactoring.
        Assert.False(model.Factor.Holds(theta));
        var fresh = new LinearMixedModel(WithY(design, y));
        Assert.Equal(fresh.Objective(theta, EstimationMethod.REML), model.ReadAt(theta, EstimationMethod.REML));
        Assert.NotEqual(before, model.Objective(theta, EstimationMethod.REML));
        Assert.Equal(fresh.Gradient(theta, EstimationMethod.ML), model.Gradient(theta, EstimationMethod.ML));
    }

    [Fact]
    public void Models_sharing_a_cross_product_evaluate_as_separate_models()
    {
        var design = HandBuiltDesigns.Penicillin();
        var model = new LinearMixedModel(design);
        var twin = model.SharingCrossProduct();
        Assert.Same(model.Factor.CrossProduct, twin.Factor.CrossProduct);
        double a = model.Objective(new[] { 1.5, 3.0 }, EstimationMethod.REML);
        double b = twin.Objective(new[] { 0.5, 1.0 }, EstimationMethod.REML);
        Assert.Equal(new LinearMixedModel(design).Objective(new[] { 1.5, 3.0 }, EstimationMethod.REML), a);
        Assert.Equal(new LinearMixedModel(design).Objective(new[] { 0.5, 1.0 }, EstimationMethod.REML), b);
        Assert.Equal(a, model.ReadAt(new[] { 1.5, 3.0 }, EstimationMethod.REML));
    }

    [Fact]
    public void A_response_of_the_wrong_length_or_not_finite_is_refused_by_name()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Dyestuff());
        var e = Assert.Throws<LmmException>(() => model.WithResponse(new double[29]));
        Assert.Equal("ResponseWrongLength", e.ErrorId);
        Assert.Contains("30 rows", e.Message);
        var y = new double[30];
        y[4] = double.NaN;
        e = Assert.Throws<LmmException>(() => model.WithResponse(y));
        Assert.Equal("ResponseNotFinite", e.ErrorId);
        Assert.Contains("Value 5", e.Message);
    }
}
