using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;
using Xunit.Abstractions;

namespace LmmPS.Tests.Gradients;

/// <summary>The two exact gradient computations, the diagonal-block path (S's level blocks from columns of L^-1,
/// DiagonalBlockGradient) and the general one (S on L's whole pattern, WeightedSelectedInverse), agree on every
/// block kind: a vector first term, scalar and vector later terms, crossed and nested designs, ML, REML and a dense
/// (prior) weight block, at random theta away from the boundary. Both are checked against finite differences and
/// lme4's gradient elsewhere (ReferencePointGradientTests); here each is the other's independent check. Near the
/// boundary only the general path is used.</summary>
public class GradientPathTests
{
    private readonly ITestOutputHelper _output;

    public GradientPathTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Designs() => new() { "sleepstudy", "sleepstudy_uncorr", "Penicillin", "Pastes", "vector_later", "vector_first_scalar_later" };

    private static ModelDesign Build(string name)
    {
        switch (name)
        {
            case "sleepstudy": return HandBuiltDesigns.Sleepstudy();
            case "sleepstudy_uncorr": return HandBuiltDesigns.Sleepstudy(uncorrelated: true);
            case "Penicillin": return HandBuiltDesigns.Penicillin();
            case "Pastes": return HandBuiltDesigns.Pastes();
        }
        const string f = "data/sleepstudy.csv";
        var y = HandBuiltDesigns.Numeric(f, "Reaction");
        var days = HandBuiltDesigns.Numeric(f, "Days");
        var subject = HandBuiltDesigns.Factor(f, "Subject");
        var one = HandBuiltDesigns.Ones(y.Length);
        var x = new[] { ("(Intercept)", one), ("Days", days) };
        if (name == "vector_later")
        {
            // A scalar first term with more levels (60 groups of 3 rows) ahead of the (Days | Subject) block.
            var groups = Enumerable.Range(0, y.Length).Select(i => i % 60).ToArray();
            var labels = Enumerable.Range(0, 60).Select(i => "g" + i).ToArray();
            return HandBuiltDesigns.Design("Reaction ~ Days + (1 | g) + (Days | Subject)", y, x,
                HandBuiltDesigns.Term("g", (groups, labels), ("(Intercept)", one)),
                HandBuiltDesigns.Term("Subject", subject, ("(Intercept)", one), ("Days", days)));
        }
        var day = days.Select(d => (int)d).ToArray();
        var dayLabels = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return HandBuiltDesigns.Design("Reaction ~ Days + (Days | Subject) + (1 | Day)", y, x,
            HandBuiltDesigns.Term("Subject", subject, ("(Intercept)", one), ("Days", days)),
            HandBuiltDesigns.Term("Day", (day, dayLabels), ("(Intercept)", one)));
    }

    private static double[] RandomTheta(ModelDesign design, Random random)
    {
        var model = new LinearMixedModel(design);
        return model.ThetaLower.Select(lower => lower == 0.0 ? 0.1 + 1.9 * random.NextDouble() : random.NextDouble() - 0.5).ToArray();
    }

    private double[] Gradient(ModelDesign design, double[] theta, GradientPath path, EstimationMethod method, double[]? block,
        LmmPS.Core.LinearAlgebra.KernelOptions? kernels = null)
    {
        var model = new LinearMixedModel(design, kernels) { GradientPath = path };
        var g = new double[theta.Length];
        Assert.False(double.IsInfinity(model.UpdateAndRead(theta, method)));
        if (block is null) model.GradientAtCurrent(theta, method, g);
        else model.GradientAtCurrent(theta, block, g);
        Assert.Equal(path, model.LastGradientPath);
        return g;
    }

    private void AssertAgree(double[] general, double[] diagonal, string where)
    {
        double scale = Math.Max(1.0, general.Max(Math.Abs));
        for (int i = 0; i < general.Length; i++)
        {
            _output.WriteLine($"{where} [{i}]: general {general[i]:R} diagonal {diagonal[i]:R}");
            Assert.True(Math.Abs(general[i] - diagonal[i]) <= 1e-9 * scale,
                $"{where} component {i}: general {general[i]:R}, diagonal blocks {diagonal[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Both_paths_give_the_same_gradient_for_ML_and_REML(string name)
    {
        var design = Build(name);
        var random = new Random(name.Length);
        for (int draw = 0; draw < 3; draw++)
        {
            var theta = RandomTheta(design, random);
            foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
                AssertAgree(Gradient(design, theta, GradientPath.General, method, null),
                    Gradient(design, theta, GradientPath.DiagonalBlocks, method, null), $"{name} {method} draw {draw}");
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Both_paths_give_the_same_gradient_with_a_dense_indefinite_weight_block(string name)
    {
        var design = Build(name);
        var random = new Random(7 * name.Length);
        int b = design.FixedEffectCount + 1;
        var block = new double[b * b];
        for (int c = 0; c < b; c++)
            for (int r = c; r < b; r++)
                block[c * b + r] = block[r * b + c] = (random.NextDouble() - 0.5) * 50;
        var theta = RandomTheta(design, random);
        AssertAgree(Gradient(design, theta, GradientPath.General, EstimationMethod.ML, block),
            Gradient(design, theta, GradientPath.DiagonalBlocks, EstimationMethod.ML, block), $"{name} weight block");
    }

    [Fact]
    public void Both_paths_agree_on_InstEval()
    {
        var design = HandBuiltDesigns.InstEval();
        var theta = new[] { 0.35, 0.5, 0.12 };
        foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
            AssertAgree(Gradient(design, theta, GradientPath.General, method, null),
                Gradient(design, theta, GradientPath.DiagonalBlocks, method, null), $"InstEval {method}");
    }

    [Theory]
    [InlineData("InstEval")]
    [InlineData("Penicillin")]
    [InlineData("vector_later")]
    public void Both_paths_agree_at_the_edge_of_the_diagonal_path(string name)
    {
        // A template diagonal just above 1 / MaxTemplateInverse: the cancellation in 1 - S_ll is at its worst where
        // the diagonal path is still used. Scale: the components' own size, as in the other checks.
        var design = name == "InstEval" ? HandBuiltDesigns.InstEval() : Build(name);
        var model = new LinearMixedModel(design);
        double edge = 1.05 / DiagonalBlockGradient.MaxTemplateInverse;
        var theta = model.ThetaLower.Select((lower, i) => lower == 0.0 ? (i == 0 ? 0.5 : edge) : 0.0).ToArray();
        foreach (var method in new[] { EstimationMethod.ML, EstimationMethod.REML })
            AssertAgree(Gradient(design, theta, GradientPath.General, method, null),
                Gradient(design, theta, GradientPath.DiagonalBlocks, method, null), $"{name} {method} at the edge");
    }

    [Fact]
    public void The_diagonal_path_gives_the_same_bits_on_one_thread_and_on_two()
    {
        // The first term's pass sums each level over groups of rows of L^-1 handed out to the cores: partial sums
        // are kept per group and added in group order, so the thread count must not change a bit.
        var design = HandBuiltDesigns.InstEval();
        var theta = new[] { 0.3, 0.45, 0.1 };
        var one = Gradient(design, theta, GradientPath.DiagonalBlocks, EstimationMethod.REML, null, new() { MaxThreads = 1 });
        var two = Gradient(design, theta, GradientPath.DiagonalBlocks, EstimationMethod.REML, null, new() { MaxThreads = 2 });
        Assert.Equal(one, two);
    }

    [Fact]
    public void Near_the_boundary_the_automatic_choice_is_the_general_path()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var model = new LinearMixedModel(design);
        var g = new double[3];
        model.ObjectiveAndGradient(new[] { 0.9, 0.1, 0.2 }, EstimationMethod.REML, g);
        Assert.Equal(GradientPath.DiagonalBlocks, model.LastGradientPath);
        // A diagonal template element of 1e-3: its inverse exceeds DiagonalBlockGradient.MaxTemplateInverse.
        model.ObjectiveAndGradient(new[] { 0.9, 0.1, 1e-3 }, EstimationMethod.REML, g);
        Assert.Equal(GradientPath.General, model.LastGradientPath);
        model.ObjectiveAndGradient(new[] { 0.9, 0.1, 0.0 }, EstimationMethod.REML, g);
        Assert.Equal(GradientPath.General, model.LastGradientPath);
        // An off-diagonal element large against the diagonal makes T^-1 large too.
        model.ObjectiveAndGradient(new[] { 0.05, 8.0, 0.5 }, EstimationMethod.REML, g);
        Assert.Equal(GradientPath.General, model.LastGradientPath);
    }
}
