using System.Text.Json;
using LmmPS.Conformance;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using Xunit.Abstractions;

namespace LmmPS.Tests.Gradients;

/// <summary>Issue 17 item 6: the partially crossed star design (mlmRev, 24,578 rows, 11,598 pupils x 1,387 teachers in
/// 80 schools; tests/extra-data, tools/make_star_data.R). With pwrss read as l_yy^2, which the Cholesky forms by
/// subtraction from y'y (y near 600, sigma near 25), the objective's second differences along the pupils' theta were
/// noisy at 4e-6 (lme4: 5e-9) and the central difference of the gradient at lme4's optimum was off by about 0.06 against
/// an allowance of 7e-4; from the penalized residual (PenalizedResidual) the noise is lme4's. Sources: finite differences
/// of our own objective, and lme4 1.1-31's devfun at its optimum (tests/extra-data/noise/star_optimum.json).</summary>
public class StarDesignGradientTests(ITestOutputHelper output)
{
    private const string Formula = "math ~ gr + sx + eth + cltype + (1 | id) + (1 | tch) + (1 | sch)";

    private static string ExtraData => Path.Combine(AppContext.BaseDirectory, "extra-data");

    private static readonly Lazy<ModelDesign> Design = new(() =>
    {
        string path = Path.Combine(ExtraData, "data", "star.csv");
        var data = CsvDataReader.ReadFile(path, ColumnSchema.OptionsFor(path));
        return DesignBuilder.Build(FormulaParser.Parse(Formula), data);
    });

    private static (double[] Theta, double Devfun) Lme4Optimum(EstimationMethod method)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ExtraData, "noise", "star_optimum.json")));
        var e = doc.RootElement.GetProperty(method.ToString());
        return (e.GetProperty("theta").EnumerateArray().Select(v => v.GetDouble()).ToArray(), e.GetProperty("devfun_at_theta").GetDouble());
    }

    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void Gradient_matches_own_finite_differences_at_lme4s_optimum_and_at_the_start(EstimationMethod method)
    {
        var design = Design.Value;
        var model = new LinearMixedModel(design);
        var (optimum, devfun) = Lme4Optimum(method);
        double objective = model.Objective(optimum, method);
        output.WriteLine($"{method}: objective {objective:R}, lme4 devfun {devfun:R}");
        Assert.True(Math.Abs(objective - devfun) <= 1e-9 * Math.Abs(devfun), $"{method}: objective {objective:R}, lme4 {devfun:R}");
        foreach (var theta in new[] { optimum, model.DefaultStartTheta.ToArray() })
        {
            double noise = GradientAssert.ObjectiveNoise(model, design, theta, method);
            foreach (var row in GradientCheck.CheckGradient(design, theta, method))
            {
                output.WriteLine($"  theta ({string.Join(", ", theta)}) {row.Parameter}: analytic {row.Analytic:R} fd {row.Numeric:R} error {row.AbsoluteError:E2} floor/h {noise / row.Step:E2}");
                GradientAssert.AgreesWithOwnDifferences(row, noise, $"star {method}");
            }
        }
    }

    /// <summary>The star design is one where pwrss is summed from the residual r~ (l_yy^2 is noisy there). One evaluation
    /// then sums r~ once: the objective's solution, with its r~, is kept until the factor moves and the average-information
    /// Hessian reads it. The Hessian equals the one a model without that kept solution forms at the same theta, bit for
    /// bit, and after the factor moves to another theta the kept solution is not read (beta there equals a fresh
    /// model's).</summary>
    [Theory]
    [InlineData(EstimationMethod.ML)]
    [InlineData(EstimationMethod.REML)]
    public void One_residual_per_evaluation_and_no_stale_solution(EstimationMethod method)
    {
        var design = Design.Value;
        var (optimum, _) = Lme4Optimum(method);
        var model = new LinearMixedModel(design);
        model.Objective(optimum, method);
        var kept = model.SolutionAt(optimum, method);
        Assert.NotNull(kept.Residual);
        Assert.Same(kept, model.SolutionAt(optimum, method));
        var gradient = model.Gradient(optimum, method);
        var hessian = AverageInformation.Compute(model, optimum, method, gradient);

        var fresh = new LinearMixedModel(design);
        Assert.True(fresh.Factor.Update(optimum));
        var freshHessian = AverageInformation.Compute(fresh, optimum, method, gradient);
        for (int i = 0; i < hessian.GetLength(0); i++)
            for (int j = 0; j < hessian.GetLength(1); j++)
                Assert.Equal(freshHessian[i, j], hessian[i, j]);

        var start = model.DefaultStartTheta.ToArray();
        model.Objective(start, method);
        var moved = model.SolutionAt(start, method);
        Assert.NotSame(kept, moved);
        var other = new LinearMixedModel(design);
        other.Objective(start, method);
        var expected = ModelSolution.Compute(other, start, method);
        Assert.Equal(expected.Beta, moved.Beta);
        Assert.Equal(expected.PenalizedRss, moved.PenalizedRss);
    }
}
