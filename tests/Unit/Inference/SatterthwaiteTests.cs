using LmmPS.Core.Fitting;
using LmmPS.Core.Gradients;
using LmmPS.Core.Inference;
using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.Inference;

/// <summary>Satterthwaite's df: the analytic Hessian of lmerTest's D(theta, sigma) and Jacobian of vcov(beta) against
/// central differences of the same functions, and the coefficient table against lmerTest at the tight optimum.</summary>
public class SatterthwaiteTests
{
    public static TheoryData<string> Cases => new() { "inf_sleepstudy_REML.json", "inf_sleepstudy_period_REML.json", "inf_Penicillin_REML.json", "inf_Pastes_REML.json" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Coefficient_table_matches_lmerTest_at_the_tight_optimum(string file)
    {
        var c = InferenceCase.Load(file);
        var tests = FixedEffectInference.At(c.Design, c.TightTheta, EstimationMethod.REML, DegreesOfFreedomMethod.Satterthwaite).Coefficients();
        var expected = c.Tight.GetProperty("satterthwaite").GetProperty("coefficients").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, tests.Count);
        for (int j = 0; j < tests.Count; j++)
        {
            var e = expected[j];
            Assert.Equal(e.GetProperty("name").GetString(), tests[j].Name);
            InferenceCase.Close(e.GetProperty("estimate").GetDouble(), tests[j].Estimate, 1e-9, $"{file} {tests[j].Name} estimate");
            InferenceCase.Close(e.GetProperty("se").GetDouble(), tests[j].StdError, 1e-7, $"{file} {tests[j].Name} se");
            // numDeriv's own error is ~1e-8 relative; the files suggest 1e-6.
            InferenceCase.Close(e.GetProperty("df").GetDouble(), tests[j].DF, 1e-6, $"{file} {tests[j].Name} df");
            InferenceCase.Close(e.GetProperty("t").GetDouble(), tests[j].TValue, 1e-7, $"{file} {tests[j].Name} t");
            InferenceCase.CloseP(e.GetProperty("p").GetDouble(), tests[j].PValue, 1e-6, $"{file} {tests[j].Name} p");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Jacobian_and_varpar_covariance_match_lmerTest_internals_at_lme4s_optimum(string file)
    {
        var c = InferenceCase.Load(file);
        var internals = c.Root.GetProperty("satterthwaite").GetProperty("internals");
        var varpar = internals.GetProperty("varpar").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var moments = new MarginalMoments(c.Design, varpar.Take(varpar.Length - 1).ToArray());
        var d = new VarianceParameterDerivatives(moments, EstimationMethod.REML, varpar[^1]);
        var jac = internals.GetProperty("jacobian_vcov_beta").EnumerateArray().Select(InferenceCase.Matrix).ToArray();
        Assert.Equal(jac.Length, d.Jacobian.Length);
        for (int k = 0; k < jac.Length; k++)
        {
            double scale = d.Jacobian[k].Enumerate().Max(Math.Abs);
            for (int a = 0; a < jac[k].GetLength(0); a++)
                for (int b = 0; b < jac[k].GetLength(1); b++)
                    Assert.True(Math.Abs(jac[k][a, b] - d.Jacobian[k][a, b]) <= 1e-6 * scale,
                        $"{file} J[{k}][{a},{b}]: numDeriv {jac[k][a, b]:R}, analytic {d.Jacobian[k][a, b]:R}");
        }
        var cov = InferenceCase.Matrix(internals.GetProperty("vcov_varpar"));
        double covScale = d.VarparCovariance.Enumerate().Max(Math.Abs);
        for (int a = 0; a < cov.GetLength(0); a++)
            for (int b = 0; b < cov.GetLength(1); b++)
                Assert.True(Math.Abs(cov[a, b] - d.VarparCovariance[a, b]) <= 1e-5 * covScale,
                    $"{file} vcov_varpar[{a},{b}]: numDeriv {cov[a, b]:R}, analytic {d.VarparCovariance[a, b]:R}");
    }

    [Theory]
    [InlineData("inf_sleepstudy_REML.json", EstimationMethod.REML)]
    [InlineData("inf_sleepstudy_REML.json", EstimationMethod.ML)]
    [InlineData("inf_Pastes_REML.json", EstimationMethod.REML)]
    [InlineData("inf_sleepstudy_period_REML.json", EstimationMethod.ML)]
    public void Hessian_gradient_and_Jacobian_equal_central_differences(string file, EstimationMethod method)
    {
        var c = InferenceCase.Load(file);
        // Away from the optimum, so the gradient is not ~0 and every term of the Hessian is exercised.
        var theta = c.Lme4Theta.Select((t, i) => t * 1.3 + 0.05 * (i + 1)).ToArray();
        double sigma = 1.2 * (double)c.Root.GetProperty("sigma").GetDouble();
        var varpar = theta.Append(sigma).ToArray();
        var d = new VarianceParameterDerivatives(new MarginalMoments(c.Design, theta), method, sigma);
        double Dev(double[] v) => VarianceParameterDerivatives.Deviance(new MarginalMoments(c.Design, v.Take(v.Length - 1).ToArray()), method, v[^1]);
        double[] Grad(double[] v) => new VarianceParameterDerivatives(new MarginalMoments(c.Design, v.Take(v.Length - 1).ToArray()), method, v[^1]).Gradient;
        Matrix<double> Vcov(double[] v) => new VarianceParameterDerivatives(new MarginalMoments(c.Design, v.Take(v.Length - 1).ToArray()), method, v[^1]).VcovBeta;

        int nv = varpar.Length;
        for (int k = 0; k < nv; k++)
        {
            double h = 1e-5 * Math.Max(1.0, Math.Abs(varpar[k]));
            var up = (double[])varpar.Clone();
            var down = (double[])varpar.Clone();
            up[k] += h;
            down[k] -= h;
            double fd = (Dev(up) - Dev(down)) / (2 * h);
            InferenceCase.Close(fd, d.Gradient[k], 1e-6, $"dD/dvarpar[{k}]");
            var gUp = Grad(up);
            var gDown = Grad(down);
            for (int j = 0; j < nv; j++)
            {
                double second = (gUp[j] - gDown[j]) / (2 * h);
                Assert.True(Math.Abs(second - d.Hessian[j, k]) <= 1e-6 * Math.Max(1.0, Math.Abs(d.Hessian[j, k])),
                    $"H[{j},{k}]: differences {second:R}, analytic {d.Hessian[j, k]:R}");
            }
            var jac = (Vcov(up) - Vcov(down)) / (2 * h);
            double scale = Math.Max(1e-12, d.Jacobian[k].Enumerate().Max(Math.Abs));
            Assert.True((jac - d.Jacobian[k]).Enumerate().Max(Math.Abs) <= 1e-6 * scale,
                $"J[{k}]: max difference {(jac - d.Jacobian[k]).Enumerate().Max(Math.Abs):G3} against scale {scale:G3}");
        }
    }

    [Fact]
    public void Balanced_sleepstudy_gives_the_exact_17_df_at_a_fitted_optimum()
    {
        var c = InferenceCase.Load("inf_sleepstudy_REML.json");
        var fit = LmmFitter.Fit(c.Design, new FitOptions { Method = EstimationMethod.REML });
        var rows = FixedEffectInference.For(fit, DegreesOfFreedomMethod.Satterthwaite).Coefficients();
        // 18 subjects, a random intercept and slope per subject, balanced: both coefficients are tested on 18 - 1 df.
        foreach (var row in rows)
            InferenceCase.Close(17.0, row.DF, 1e-5, row.Name);
    }
}
