using LmmPS.Core.Optimizers;
using static LmmPS.Tests.Optimizers.OptimizerTestSupport;

namespace LmmPS.Tests.Optimizers;

/// <summary>Caller errors are ArgumentExceptions raised before any evaluation.</summary>
public class ArgumentTests
{
    private static void AssertRejected(string optimizer, double[] start, double[] lower, double[] upper,
        OptimizerOptions options, string expectedInMessage)
    {
        int calls = 0;
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            Create(optimizer).Minimize(x => { calls++; return 0; }, start, lower, upper, options));
        Assert.Contains(expectedInMessage, ex.Message);
        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Start_below_the_lower_bound_is_rejected(string optimizer) =>
        AssertRejected(optimizer, new[] { 1.0, -0.5 }, new[] { 0.0, 0.0 }, new[] { 2.0, 2.0 }, new OptimizerOptions(),
            "start[1] = -0.5 lies outside its bounds [0, 2]");

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Start_above_the_upper_bound_is_rejected(string optimizer) =>
        AssertRejected(optimizer, new[] { 3.0 }, new[] { 0.0 }, new[] { 2.0 }, new OptimizerOptions(),
            "start[0] = 3 lies outside its bounds [0, 2]");

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Bounds_of_the_wrong_length_are_rejected(string optimizer) =>
        AssertRejected(optimizer, new[] { 1.0, 1.0 }, new[] { 0.0 }, new[] { 2.0, 2.0 }, new OptimizerOptions(),
            "start has 2 variables but lower has 1");

    [Theory]
    [InlineData(Bobyqa, 1.0, 1.0)]
    [InlineData(NelderMead, 2.0, 1.0)]
    public void Lower_not_below_upper_is_rejected(string optimizer, double lower, double upper) =>
        AssertRejected(optimizer, new[] { 1.0 }, new[] { lower }, new[] { upper }, new OptimizerOptions(),
            "lower must be strictly less than upper");

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Non_finite_start_is_rejected(string optimizer) =>
        AssertRejected(optimizer, new[] { double.NaN }, new[] { double.NegativeInfinity }, new[] { double.PositiveInfinity },
            new OptimizerOptions(), "must be a finite number");

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Step_tolerance_larger_than_the_initial_step_is_rejected(string optimizer) =>
        AssertRejected(optimizer, new[] { 1.0 }, new[] { 0.0 }, new[] { 2.0 },
            new OptimizerOptions { InitialStep = 0.1, StepTolerance = 0.5 }, "StepTolerance is 0.5");

    [Theory]
    [InlineData(Bobyqa)]
    [InlineData(NelderMead)]
    public void Zero_evaluation_budget_is_rejected(string optimizer) =>
        AssertRejected(optimizer, new[] { 1.0 }, new[] { 0.0 }, new[] { 2.0 },
            new OptimizerOptions { MaxEvaluations = 0 }, "MaxEvaluations is 0");

    [Fact]
    public void Optimizers_report_their_names()
    {
        Assert.Equal("BOBYQA", new BobyqaOptimizer().Name);
        Assert.Equal("NelderMead", new NelderMeadOptimizer().Name);
    }
}
