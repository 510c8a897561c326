using LmmPS.Core.Design;
using LmmPS.Core.Diagnostics;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Tests.Design;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.Prediction;

/// <summary>Hat values from the factor against the closed form H = B (B'B + diag(I_q, 0))^-1 B', B = [Z Lambda, X],
/// formed densely at the fit's theta (small data only), and against lme4's hatvalues() in the predict_*.json files.</summary>
public class LeverageTests
{
    [Theory]
    [InlineData("sleepstudy", "Reaction ~ Days + (Days | Subject)")]
    [InlineData("sleepstudy", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)")]
    [InlineData("Penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)")]
    [InlineData("Pastes", "strength ~ 1 + (1 | batch) + (1 | batch:cask)")]
    public void Hat_values_equal_the_dense_closed_form(string dataset, string formula)
    {
        var design = DesignBuilder.Build(FormulaParser.Parse(formula), DesignTestData.Load(dataset));
        var fit = LmmFitter.Fit(design);
        var h = Leverage.Compute(fit);
        var dense = DenseHat(design, fit.Theta.ToArray());
        Assert.Equal(design.RowCount, h.Length);
        for (int i = 0; i < h.Length; i++)
            Assert.True(Math.Abs(h[i] - dense[i]) <= 1e-12, $"row {i}: {h[i]} vs dense {dense[i]}");
    }

    [Theory]
    [InlineData("sleepstudy", "predict_sleepstudy_REML.json")]
    [InlineData("Pastes", "predict_Pastes_REML.json")]
    public void Hat_values_match_lme4(string dataset, string reference)
    {
        using var doc = TestData.Reference(reference);
        var root = doc.RootElement;
        var design = DesignBuilder.Build(FormulaParser.Parse(root.GetProperty("formula").GetString()!), DesignTestData.Load(dataset));
        var h = Leverage.Compute(LmmFitter.Fit(design));
        var expected = root.GetProperty("hatvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        // 10 x the file's convergence_check.max_abs_diff_hatvalues (lme4 stops at gradient ~1e-3).
        double tol = 10 * root.GetProperty("convergence_check").GetProperty("max_abs_diff_hatvalues").GetDouble();
        Assert.Equal(expected.Length, h.Length);
        for (int i = 0; i < h.Length; i++)
            Assert.True(Math.Abs(h[i] - expected[i]) <= tol, $"row {i}: {h[i]} vs lme4 {expected[i]} (tol {tol})");
    }

    /// <summary>The hat values run on the model's thread count (its KernelOptions, not the machine's): one and two threads
    /// give the same numbers bit for bit (each level's rows are one work item), and equal the dense closed form.</summary>
    [Fact]
    public void Hat_values_take_the_models_thread_count_and_do_not_depend_on_it()
    {
        var design = DesignBuilder.Build(FormulaParser.Parse("strength ~ 1 + (1 | batch) + (1 | batch:cask)"), DesignTestData.Load("Pastes"));
        var theta = LmmFitter.Fit(design).Theta.ToArray();
        double[] HatOn(int threads)
        {
            var model = new LinearMixedModel(design, new KernelOptions { MaxThreads = threads, TrailingFactor = TrailingFactorKind.Dense });
            Assert.True(model.Factor.Update(theta));
            return Leverage.FromFactor(model, theta, default);
        }
        var one = HatOn(1);
        var two = HatOn(2);
        var dense = DenseHat(design, theta);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(one[i], two[i]);
            Assert.True(Math.Abs(one[i] - dense[i]) <= 1e-12, $"row {i}: {one[i]} vs dense {dense[i]}");
        }
    }

    /// <summary>diag(B (B'B + diag(I, 0))^-1 B') with dense matrices.</summary>
    private static double[] DenseHat(ModelDesign design, double[] theta)
    {
        int n = design.RowCount, p = design.FixedEffectCount, q = design.RandomEffectCount;
        var b = Matrix<double>.Build.Dense(n, q + p);
        int offset = 0, thetaOffset = 0;
        foreach (var t in design.RandomTerms)
        {
            int k = t.ColumnCount;
            // T lower triangular from theta, column by column (lme4's order).
            var T = new double[k, k];
            for (int c = 0; c < k; c++)
                for (int r = c; r < k; r++)
                    T[r, c] = theta[thetaOffset++];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < k; c++)
                {
                    double s = 0;
                    for (int r = 0; r < k; r++) s += t.Z[i * k + r] * T[r, c];
                    b[i, offset + t.LevelIndex[i] * k + c] = s;
                }
            offset += t.Size;
        }
        for (int j = 0; j < p; j++)
            for (int i = 0; i < n; i++)
                b[i, q + j] = design.X[j * n + i];
        var a = b.TransposeThisAndMultiply(b);
        for (int j = 0; j < q; j++) a[j, j] += 1.0;
        var h = b * a.Inverse() * b.Transpose();
        return Enumerable.Range(0, n).Select(i => h[i, i]).ToArray();
    }
}
