using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;
using LmmPS.Tests.Data;
using LmmPS.Tests.Fitting;

namespace LmmPS.Tests.Priors;

/// <summary>Every bad prior a user can give fails with its ErrorId and a message naming the value, the coefficient
/// and what to do. Sleepstudy has the coefficients (Intercept) and Days.</summary>
public class PriorErrorTests
{
    private static void Fit(FixedEffectPrior prior, EstimationMethod method = EstimationMethod.REML) =>
        LmmFitter.Fit(HandBuiltDesigns.Sleepstudy(), new FitOptions { Method = method, FixedEffectPrior = prior });

    [Theory]
    [InlineData(0.0, "zero")]
    [InlineData(-2.5, "negative")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "infinite")]
    public void A_bad_standard_deviation_names_its_position_and_coefficient(double bad, string problem)
    {
        var e = ErrorAssert.Throws("InvalidPriorStandardDeviation",
            () => Fit(FixedEffectPrior.FromStandardDeviations(new[] { 10.0, bad })),
            "standard deviation 2", "'Days'", problem, "greater than 0");
        Assert.Equal("Days", e.Column);
        Assert.Equal(LmmErrorCategory.InvalidArgument, e.Category);
    }

    /// <summary>Issue 17 item 10: an SD whose square (the prior variance) overflows to infinity or underflows below the
    /// smallest normal double gets its own message, not "not positive definite... check the correlations".</summary>
    [Theory]
    [InlineData(1e200, "overflows")]
    [InlineData(1e-170, "underflows")]
    public void A_standard_deviation_whose_square_is_out_of_range_says_so(double bad, string problem)
    {
        var e = ErrorAssert.Throws("PriorStandardDeviationOutOfRange",
            () => Fit(FixedEffectPrior.FromStandardDeviations(new[] { 10.0, bad })),
            "standard deviation 2", "'Days'", problem, "1e-150");
        Assert.Equal("Days", e.Column);
        Assert.Equal(LmmErrorCategory.InvalidArgument, e.Category);
    }

    [Fact]
    public void More_standard_deviations_than_coefficients_is_an_error_not_blmes_silent_truncation()
    {
        ErrorAssert.Throws("PriorLengthMismatch",
            () => Fit(FixedEffectPrior.FromStandardDeviations(new[] { 10.0, 2.5, 1.0 })),
            "3 standard deviations", "2 coefficient(s)", "(Intercept), Days", "at most 2");
    }

    [Fact]
    public void No_standard_deviations_is_an_error()
    {
        ErrorAssert.Throws("PriorLengthMismatch", () => Fit(FixedEffectPrior.FromStandardDeviations(Array.Empty<double>())),
            "no standard deviations", "1 to 2 values");
    }

    [Fact]
    public void One_standard_deviation_applies_to_every_coefficient_as_in_blme()
    {
        var one = new PriorModel(new LinearMixedModel(HandBuiltDesigns.Sleepstudy()), FixedEffectPrior.FromStandardDeviations(new[] { 3.0 }), EstimationMethod.ML);
        Assert.Equal(new[,] { { 9.0, 0.0 }, { 0.0, 9.0 } }, one.Covariance);
    }

    [Fact]
    public void A_prior_on_a_model_without_fixed_effects_is_an_error()
    {
        ErrorAssert.Throws("PriorWithoutFixedEffects",
            () => LmmFitter.Fit(HandBuiltDesigns.RanefOnly(), new FitOptions { FixedEffectPrior = FixedEffectPrior.FromStandardDeviations(new[] { 1.0 }) }),
            "no fixed effects", "remove the prior");
    }

    [Fact]
    public void A_non_square_covariance_is_an_error()
    {
        ErrorAssert.Throws("PriorCovarianceNotSquare", () => Fit(FixedEffectPrior.FromCovariance(new double[2, 3])),
            "2 x 3", "must be square", "2 x 2");
    }

    [Fact]
    public void A_covariance_of_the_wrong_size_is_an_error()
    {
        ErrorAssert.Throws("PriorCovarianceWrongSize", () => Fit(FixedEffectPrior.FromCovariance(new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } })),
            "3 x 3", "2 coefficient(s)", "(Intercept), Days", "2 x 2");
    }

    [Fact]
    public void A_non_finite_covariance_element_is_an_error()
    {
        var e = ErrorAssert.Throws("PriorCovarianceNotFinite", () => Fit(FixedEffectPrior.FromCovariance(new[,] { { 1.0, 0.0 }, { 0.0, double.NaN } })),
            "Element [1,1]", "'Days', 'Days'", "NaN");
        Assert.Equal("Days", e.Column);
    }

    [Fact]
    public void An_asymmetric_covariance_is_an_error()
    {
        var e = ErrorAssert.Throws("PriorCovarianceNotSymmetric", () => Fit(FixedEffectPrior.FromCovariance(new[,] { { 100.0, 0.5 }, { 0.3, 6.25 } })),
            "element [1,0]", "'Days', '(Intercept)'", "0.3", "0.5");
        Assert.Equal("Days", e.Column);
    }

    [Fact]
    public void A_covariance_that_is_not_positive_definite_is_an_error()
    {
        // Correlation 2 between the coefficients: the 2 x 2 determinant 1 * 1 - 2^2 is negative.
        ErrorAssert.Throws("PriorCovarianceNotPositiveDefinite", () => Fit(FixedEffectPrior.FromCovariance(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } })),
            "not positive definite", "(Intercept), Days");
        ErrorAssert.Throws("PriorCovarianceNotPositiveDefinite", () => Fit(FixedEffectPrior.FromCovariance(new[,] { { 1.0, 0.0 }, { 0.0, -0.1 } })),
            "not positive definite");
    }

    [Fact]
    public void A_full_covariance_equal_to_the_diagonal_sd_form_gives_the_same_fit()
    {
        using var c = new BlmeCase("blme_abs_sleepstudy_ML.json");
        var byCov = new PriorModel(new LinearMixedModel(c.Design), FixedEffectPrior.FromCovariance(new[,] { { 100.0, 0.0 }, { 0.0, 6.25 } }, PriorScale.Absolute), EstimationMethod.ML);
        var theta = BlmeCase.Numbers(c.Root.GetProperty("theta"));
        PriorAssert.Near(c.Model().Evaluate(theta).PenalizedObjective, byCov.Evaluate(theta).PenalizedObjective, 1e-14, "F");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void The_sigma_profile_rejects_a_sigma_that_is_not_positive(double sigma)
    {
        using var c = new BlmeCase("blme_abs_Dyestuff_ML.json");
        var profile = c.Model().SigmaProfile(BlmeCase.Numbers(c.Root.GetProperty("theta")));
        ErrorAssert.Throws("InvalidSigma", () => profile.Derivatives(sigma), "finite sigma > 0");
    }
}
