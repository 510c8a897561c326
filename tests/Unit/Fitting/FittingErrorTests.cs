using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>Every error the fitting engine raises for bad input: its ErrorId and a message that names what is wrong.</summary>
public class FittingErrorTests
{
    private static LmmException Throws(Action action) => Assert.Throws<LmmException>(action);

    [Fact]
    public void Theta_of_the_wrong_length_names_the_expected_elements()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy());
        var e = Throws(() => model.Objective(new[] { 1.0, 0.0 }, EstimationMethod.ML));
        Assert.Equal("ThetaWrongLength", e.ErrorId);
        Assert.Contains("2 element(s); this model has 3: Subject.(Intercept), Subject.Days.(Intercept), Subject.Days", e.Message);
    }

    [Theory]
    [InlineData(-0.5, 1, "Subject.(Intercept)", ">= 0")]
    [InlineData(double.NaN, 2, "Subject.Days.(Intercept)", "finite")]
    [InlineData(double.PositiveInfinity, 3, "Subject.Days", "finite")]
    public void Theta_out_of_bounds_names_the_element(double value, int position, string name, string rule)
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy());
        var theta = new[] { 1.0, 0.0, 1.0 };
        theta[position - 1] = value;
        var e = Throws(() => model.Objective(theta, EstimationMethod.REML));
        Assert.Equal("ThetaOutOfBounds", e.ErrorId);
        Assert.Contains($"Theta element {position} ({name})", e.Message);
        Assert.Contains(rule, e.Message);
    }

    [Fact]
    public void A_negative_off_diagonal_theta_is_allowed()
    {
        var model = new LinearMixedModel(HandBuiltDesigns.Sleepstudy());
        Assert.True(double.IsFinite(model.Objective(new[] { 1.0, -0.5, 1.0 }, EstimationMethod.ML)));
    }

    [Fact]
    public void A_start_theta_out_of_bounds_is_refused_by_the_fitter()
    {
        var e = Throws(() => LmmFitter.Fit(HandBuiltDesigns.Dyestuff(), new FitOptions { StartTheta = new[] { -1.0 } }));
        Assert.Equal("ThetaOutOfBounds", e.ErrorId);
        Assert.Contains("Batch.(Intercept)", e.Message);
    }

    [Fact]
    public void MaxEvaluations_below_one_is_refused()
    {
        var e = Throws(() => LmmFitter.Fit(HandBuiltDesigns.Dyestuff(), new FitOptions { MaxEvaluations = 0 }));
        Assert.Equal("InvalidMaxEvaluations", e.ErrorId);
        Assert.Contains("MaxEvaluations is 0", e.Message);
    }

    [Fact]
    public void A_formula_without_random_effects_is_refused_naming_the_formula()
    {
        var d = HandBuiltDesigns.Dyestuff();
        var design = new ModelDesign(new Formula("Yield ~ 1", "Yield", true, Array.Empty<ModelTerm>(), Array.Empty<RandomTerm>()),
            d.Response, d.X, d.FixedEffectNames, Array.Empty<string>(), Array.Empty<RandomEffectsTerm>(), d.RowsUsed, 0);
        var e = Throws(() => new LinearMixedModel(design));
        Assert.Equal("NoRandomEffects", e.ErrorId);
        Assert.Contains("'Yield ~ 1'", e.Message);
    }

    [Fact]
    public void As_many_fixed_effects_as_rows_is_refused()
    {
        var factor = (new[] { 0, 1 }, new[] { "a", "b" });
        var term = HandBuiltDesigns.Term("g", factor, ("(Intercept)", new[] { 1.0, 1.0 }));
        var design = HandBuiltDesigns.Design("y ~ x + (1 | g)", new[] { 1.0, 2.0 },
            new[] { ("(Intercept)", new[] { 1.0, 1.0 }), ("x", new[] { 0.0, 1.0 }) }, term);
        var e = Throws(() => new LinearMixedModel(design));
        Assert.Equal("TooFewObservations", e.ErrorId);
        Assert.Contains("2 fixed effects but only 2 usable rows", e.Message);
    }

    [Fact]
    public void Fixed_effects_that_cannot_be_estimated_give_FactorizationFailed_at_that_theta()
    {
        // An all-zero column of X makes X'X singular whatever theta is: the pivot is exactly 0.
        var d = HandBuiltDesigns.Dyestuff();
        var zero = new double[d.RowCount];
        var design = HandBuiltDesigns.Design("Yield ~ 1 + z + (1 | Batch)", d.Response,
            new[] { ("(Intercept)", HandBuiltDesigns.Ones(d.RowCount)), ("z", zero) }, d.RandomTerms[0]);
        var model = new LinearMixedModel(design);
        Assert.Equal(double.PositiveInfinity, model.Objective(new[] { 1.0 }, EstimationMethod.ML));
        var e = Throws(() => model.Evaluate(new[] { 1.0 }, EstimationMethod.ML));
        Assert.Equal("FactorizationFailed", e.ErrorId);
        Assert.Contains("theta = (1)", e.Message);
    }

    [Fact]
    public void A_model_whose_dense_block_cannot_be_one_array_is_refused_before_allocating()
    {
        // The second term has 100,000 levels: its dense block would be 100,002^2 = 10,000,400,004 values, more than
        // the 2,147,483,591 of one .NET array (and about 298 GiB with the conditional variances).
        const int n = 200_000, levels = 100_000;
        var first = (Enumerable.Range(0, n).Select(i => i % 2).ToArray(), new[] { "a", "b" });
        var second = (Enumerable.Range(0, n).Select(i => i % levels).ToArray(), Enumerable.Range(0, levels).Select(i => "L" + i).ToArray());
        var ones = HandBuiltDesigns.Ones(n);
        var design = HandBuiltDesigns.Design("y ~ 1 + (1 | a) + (1 | b)", Enumerable.Range(0, n).Select(i => (double)(i % 7)).ToArray(),
            new[] { ("(Intercept)", ones) }, HandBuiltDesigns.Term("a", first, ("(Intercept)", ones)), HandBuiltDesigns.Term("b", second, ("(Intercept)", ones)));
        var e = Throws(() => new LinearMixedModel(design));
        Assert.Equal("ModelTooLarge", e.ErrorId);
        Assert.Equal(LmmErrorCategory.ResourceUnavailable, e.Category);
        Assert.Contains("100002 x 100002", e.Message);
        Assert.Contains("'b': 100000 levels x 1", e.Message);
    }

    [Fact]
    public void The_memory_estimate_counts_the_dense_block_three_times_the_sparse_entries_and_the_curvature_vectors()
    {
        // 1 + x + (1 | a) + (1 | b): a has 2 levels (k0 = 1), b has 3, n = 6, p = 1 -> q_D = 3, m = 3 + 1 + 1 = 5.
        const int n = 6;
        var a = (new[] { 0, 1, 0, 1, 0, 1 }, new[] { "a0", "a1" });
        var b = (new[] { 0, 1, 2, 0, 1, 2 }, new[] { "b0", "b1", "b2" });
        var ones = HandBuiltDesigns.Ones(n);
        var design = HandBuiltDesigns.Design("y ~ 1 + (1 | a) + (1 | b)", new double[] { 1, 2, 3, 4, 5, 6 },
            new[] { ("(Intercept)", ones) }, HandBuiltDesigns.Term("a", a, ("(Intercept)", ones)), HandBuiltDesigns.Term("b", b, ("(Intercept)", ones)));
        // Doubles: 3 m^2 = 75 (cross-product, factor, and the L_T^-1 the gradient and the conditional variances
        // share), Cholesky strips ceil(5/8)*8 x min(96, ...) = 8 x 96 = 768, panels 3 (p + 1) q_1 = 3 x 2 x 2 = 12,
        // and the average-information vectors n + (theta count + 1) (q + p) = 6 + 3 x (5 + 1) = 24
        // -> 879 x 8 = 7,032 bytes; sparse: n x 1 later column x (4 + 16 + 8 + 8) = 216; the optimizer's curvature
        // matrices 4 x theta count^2 = 4 x 2^2 = 16 doubles = 128 bytes.
        Assert.Equal(7032 + 216 + 128, ModelMemory.EstimateBytes(design, 5, 3));
    }
}
