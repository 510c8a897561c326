using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Fitting;

/// <summary>A refit's first evaluation from the factor the model keeps at its start (LinearMixedModel.ReturnToStart):
/// every row of L but y's, and L_T^-1 but its last row, are the kept ones; y's rows are formed alone. Checked against
/// a model formed from scratch for the new response (its own cross-product and factorization) at the same theta.</summary>
public class ReturnToStartTests
{
    private static ModelDesign WithY(ModelDesign d, double[] y) => RefitTests.WithY(d, y);

    private static double[] OtherResponse(ModelDesign d, int seed) => RefitTests.OtherResponse(d, seed);

    /// <summary>sleepstudy with a first term of 90 two-row groups and (1 + Days | Subject) after it: a later term of
    /// k = 2, whose Lambda mixes y's row of the trailing matrix (RowScaling's general path).</summary>
    private static ModelDesign VectorLaterTerm()
    {
        const string f = "data/sleepstudy.csv";
        var y = HandBuiltDesigns.Numeric(f, "Reaction");
        var days = HandBuiltDesigns.Numeric(f, "Days");
        var one = HandBuiltDesigns.Ones(y.Length);
        var pairs = Enumerable.Range(0, y.Length).Select(i => i / 2).ToArray();
        var pairLevels = pairs.Distinct().Select(p => p.ToString()).ToArray();
        return HandBuiltDesigns.Design("Reaction ~ Days + (1 | pair) + (Days | Subject)", y, new[] { ("(Intercept)", one), ("Days", days) },
            HandBuiltDesigns.Term("pair", (pairs, pairLevels), ("(Intercept)", one)),
            HandBuiltDesigns.Term("Subject", HandBuiltDesigns.Factor(f, "Subject"), ("(Intercept)", one), ("Days", days)));
    }

    public static TheoryData<string> Designs => new() { "sleepstudy", "uncorrelated", "penicillin", "pastes", "vector-later", "insteval" };

    private static ModelDesign Design(string name) => name switch
    {
        "sleepstudy" => HandBuiltDesigns.Sleepstudy(),
        "uncorrelated" => HandBuiltDesigns.Sleepstudy(uncorrelated: true),
        "penicillin" => HandBuiltDesigns.Penicillin(),
        "pastes" => HandBuiltDesigns.Pastes(),
        "vector-later" => VectorLaterTerm(),
        _ => HandBuiltDesigns.InstEval(),
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void The_first_evaluation_from_the_kept_factor_equals_a_fresh_models(string name)
    {
        var design = Design(name);
        var model = new LinearMixedModel(design);
        var theta = model.DefaultStartTheta.Select((t, i) => 0.6 * t + 0.05 * (i + 1)).ToArray();
        var elsewhere = theta.Select(t => 1.5 * t + 0.1).ToArray();

        // First response: the model factors at theta and keeps the factor; the kept copy's y row is formed again.
        var y1 = OtherResponse(design, 1);
        model.SetResponse(y1);
        Assert.True(model.ReturnToStart(theta));
        AssertFresh(model, WithY(design, y1), theta);

        // The factor moves on (an optimizer's later evaluations), then a new response: the kept blocks are copied back.
        model.Objective(elsewhere, EstimationMethod.ML);
        var y2 = OtherResponse(design, 2);
        model.SetResponse(y2);
        Assert.True(model.ReturnToStart(theta));
        Assert.True(model.Factor.Holds(theta));
        Assert.False(model.Factor.Holds(elsewhere));
        AssertFresh(model, WithY(design, y2), theta);
    }

    /// <summary>Objective, gradient (through the kept L_T^-1 with its last row formed again), beta and the conditional
    /// modes of <paramref name="model"/>, read at theta without refactoring, against a model formed for the response.</summary>
    private static void AssertFresh(LinearMixedModel model, ModelDesign design, double[] theta)
    {
        var fresh = new LinearMixedModel(design);
        foreach (var method in new[] { EstimationMethod.REML, EstimationMethod.ML })
        {
            double expected = fresh.Objective(theta, method);
            var state = model.Factor.State;
            Assert.Equal(expected, model.ObjectiveAt(state, method), Math.Abs(expected) * 1e-12);
            var expectedGradient = fresh.Gradient(theta, method);
            var gradient = new double[theta.Length];
            model.GradientAtCurrent(theta, method, gradient);
            Assert.Equal(GradientPath.DiagonalBlocks, model.LastGradientPath);
            // The gradient is a difference of terms as large as the criterion's weight N (N/pwrss d pwrss/dtheta): its
            // rounding is relative to N (InstEval: 1.5e-10 with N = 73,421, where the components are about 1).
            double scale = Math.Max(expectedGradient.Max(Math.Abs), model.Criterion(method).ResponseWeight);
            for (int i = 0; i < gradient.Length; i++)
                Assert.Equal(expectedGradient[i], gradient[i], scale * 1e-12);
            var expectedSolution = ModelSolution.Compute(fresh, theta, method);
            var solution = ModelSolution.Compute(model, theta, method);
            // beta carries the cancellation of y's row under X: InstEval's l_yX for service1 is -0.18 after subtracting
            // from y'x = 99,536 (5.6e5 times larger), so any factorization leaves about 1e-10 relative in beta (2e-10 here).
            for (int i = 0; i < solution.Beta.Length; i++)
                Assert.Equal(expectedSolution.Beta[i], solution.Beta[i], 1e-9 * Math.Max(1.0, Math.Abs(expectedSolution.Beta[i])));
            Assert.Equal(expectedSolution.Sigma, solution.Sigma, expectedSolution.Sigma * 1e-12);
            // Nothing was refactored: the state read first is still the factor's.
            Assert.Equal(state.Version, model.Factor.State.Version);
        }
    }

    [Fact]
    public void Reads_with_the_state_of_another_response_fail_after_the_return()
    {
        var design = HandBuiltDesigns.Penicillin();
        var model = new LinearMixedModel(design);
        var theta = new[] { 1.2, 2.5 };
        model.SetResponse(OtherResponse(design, 1));
        Assert.True(model.ReturnToStart(theta));
        var before = model.Factor.State;
        double first = model.ObjectiveAt(before, EstimationMethod.REML);

        model.SetResponse(OtherResponse(design, 2));
        // Until the return nothing is held: the y row and everything read from it belong to the response before.
        Assert.Throws<StaleFactorException>(() => model.Factor.PenalizedRss());
        Assert.Throws<StaleFactorException>(() => model.LevelBlocks.Compute(new double[4]));
        Assert.Throws<StaleFactorException>(() => ModelSolution.Compute(model, theta, EstimationMethod.REML));
        Assert.True(model.ReturnToStart(theta));
        // Back at the same theta, the state of the first response's factor is still refused, and the new one reads another objective.
        var e = Assert.Throws<StaleFactorException>(() => model.ObjectiveAt(before, EstimationMethod.REML));
        Assert.Contains($"update {before.Version}", e.Message);
        Assert.NotEqual(first, model.ObjectiveAt(model.Factor.State, EstimationMethod.REML));
        // A snapshot returns only to the factor it was taken of, and a saved inverse only over the rows it was saved with.
        var other = model.SharingCrossProduct();
        Assert.Throws<ArgumentException>(() => other.Factor.ReturnTo(model.Factor.Snapshot()));
        var saved = model.LevelBlocks.Save();
        model.Factor.Refactor(new[] { 0.7, 1.9 });
        Assert.Throws<StaleFactorException>(() => model.LevelBlocks.Restore(saved));
    }

    /// <summary>The designs above but InstEval, whose fits take seconds each (the bench's refit verb measures it).</summary>
    public static TheoryData<string> SmallDesigns => new() { "sleepstudy", "uncorrelated", "penicillin", "pastes", "vector-later" };

    [Theory]
    [MemberData(nameof(SmallDesigns))]
    public void Successive_light_refits_equal_fresh_fits(string name)
    {
        var design = Design(name);
        var model = new LinearMixedModel(design);
        var options = new FitOptions { Method = EstimationMethod.REML };
        var first = LmmFitter.Fit(model, options);
        for (int seed = 1; seed <= 3; seed++)
        {
            var y = ResponseSimulator.Simulate(first, new Random(seed));
            model.SetResponse(y);
            var light = LmmFitter.Refit(model, options, first.Theta, default);
            var fresh = LmmFitter.Fit(WithY(design, y), options);
            Assert.Equal(fresh.Objective, light.Objective, Math.Abs(fresh.Objective) * 1e-10);
            Assert.Equal(fresh.Sigma, light.Sigma, 1e-4 * fresh.Sigma);
        }
    }
}
