using LmmPS.Conformance;
using LmmPS.Conversion;
using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.Formulas;
using LmmPS.Core.Inference;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Tests.Fitting;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.Inference;

/// <summary>Satterthwaite's ingredients from the blocks of F (<see cref="FactorSatterthwaite"/>) against the dense
/// (q + p + 1)-square marginal moments (<see cref="MarginalMoments"/>, <see cref="VarianceParameterDerivatives"/>),
/// an independent computation of the same quantities, on all-scalar models: one term (no trailing block), two
/// crossed terms, nested terms, a non-constant scalar column, and InstEval's first rows (three crossed terms).</summary>
public class FactorSatterthwaiteTests
{
    private const double Tolerance = 1e-8;

    public static TheoryData<string, string, int, EstimationMethod> Cases
    {
        get
        {
            var data = new TheoryData<string, string, int, EstimationMethod>();
            foreach (var method in new[] { EstimationMethod.REML, EstimationMethod.ML })
            {
                data.Add("data/sleepstudy.csv", "Reaction ~ Days + (1 | Subject)", 0, method);
                data.Add("data/sleepstudy.csv", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)", 0, method);
                data.Add("data/Penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)", 0, method);
                data.Add("data/Pastes.csv", "strength ~ 1 + (1 | batch) + (1 | batch:cask)", 0, method);
                data.Add("data/InstEval.csv", "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)", 4000, method);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Factor_blocks_give_the_dense_paths_derivatives(string file, string formula, int rows, EstimationMethod method)
    {
        var design = Design(file, formula, rows);
        // Fitted models' theta are near lme4's; these points are away from the optimum so the gradient is not ~0 and
        // every piece of the Hessian matters, and differ between terms.
        var theta = Enumerable.Range(0, design.ThetaCount).Select(i => 0.4 + 0.35 * i).ToArray();
        Assert.True(FactorSatterthwaite.Applies(design, theta));
        var dense = new MarginalMoments(design, theta);
        var blocks = new FactorSatterthwaite(design, theta);
        string what = $"{formula} ({method}, {design.RowCount} rows)";
        Close(dense.PenalizedRss, blocks.PenalizedRss, $"{what} y'P0y");
        Assert.Equal(dense.Beta.Count, blocks.Beta.Count);
        Same(dense.Beta.ToColumnMatrix(), blocks.Beta.ToColumnMatrix(), $"{what} beta");

        double residualDf = method == EstimationMethod.REML ? design.RowCount - design.FixedEffectCount : design.RowCount;
        double sigma = 1.1 * Math.Sqrt(dense.PenalizedRss / residualDf);
        var d = new VarianceParameterDerivatives(dense, method, sigma);
        var f = blocks.Derivatives(method, sigma);
        Same(Vector<double>.Build.DenseOfArray(d.Gradient).ToColumnMatrix(), Vector<double>.Build.DenseOfArray(f.Gradient).ToColumnMatrix(), $"{what} gradient");
        Same(d.Hessian, f.Hessian, $"{what} Hessian");
        Same(d.VcovBeta, f.VcovBeta, $"{what} vcov(beta)");
        for (int k = 0; k < d.Jacobian.Length; k++)
            Same(d.Jacobian[k], f.Jacobian[k], $"{what} Jacobian {k}");
        for (int j = 0; j < design.FixedEffectCount; j++)
        {
            var l = Vector<double>.Build.Dense(design.FixedEffectCount);
            l[j] = 1.0;
            Close(d.DegreesOfFreedom(l), f.DegreesOfFreedom(l), $"{what} df of {design.FixedEffectNames[j]}");
        }
    }

    public static TheoryData<string, string, int, EstimationMethod> FittedCases
    {
        get
        {
            var data = new TheoryData<string, string, int, EstimationMethod>();
            foreach (var method in new[] { EstimationMethod.REML, EstimationMethod.ML })
            {
                data.Add("data/sleepstudy.csv", "Reaction ~ Days + (1 | Subject)", 0, method);
                data.Add("data/Penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)", 0, method);
                data.Add("data/Pastes.csv", "strength ~ 1 + (1 | batch) + (1 | batch:cask)", 0, method);
                data.Add("data/InstEval.csv", "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)", 4000, method);
            }
            return data;
        }
    }

    /// <summary>After a fit, the tests read the fit's own model (Invoke-LmmFit's path): its factor as the fit left it and
    /// the L_T^-1 its conditional variances formed, then use both arrays as scratch (no fresh m x m memory). The df and
    /// SEs equal the dense marginal moments' at the fit's theta, the tests' beta the fit's; afterwards the model's factor
    /// holds no theta (a stale read fails) and the model still evaluates the fit's objective.</summary>
    [Theory]
    [MemberData(nameof(FittedCases))]
    public void The_fits_own_model_gives_the_dense_df_and_is_left_usable(string file, string formula, int rows, EstimationMethod method)
    {
        var design = Design(file, formula, rows);
        var (fit, model) = LmmFitter.FitKeepingModel(design, new FitOptions { Method = method });
        Assert.NotNull(model);
        Assert.True(model!.Factor.State.Factored);
        // Where there is a trailing block, the fit's conditional variances left L_T^-1 current: the tests take it.
        bool trailing = design.RandomTerms.Count > 1;
        if (trailing)
            Assert.NotNull(model.ExistingLevelBlocks?.CurrentInverse);
        var table = FixedEffectInference.For(fit, DegreesOfFreedomMethod.Satterthwaite, model).Coefficients();
        if (trailing)
            Assert.Null(model.ExistingLevelBlocks?.CurrentInverse);
        Assert.False(model.Factor.State.Factored);
        Assert.Throws<StaleFactorException>(() => model.Factor.CheckAt(fit.Theta.ToArray()));
        double again = model.Objective(fit.Theta.ToArray(), method);
        Assert.True(Math.Abs(again - fit.Objective) <= 1e-12 * Math.Abs(fit.Objective), $"objective after the tests {again:R}, fit {fit.Objective:R}");

        var dense = new MarginalMoments(design, fit.Theta);
        double residualDf = method == EstimationMethod.REML ? design.RowCount - design.FixedEffectCount : design.RowCount;
        double sigma = Math.Sqrt(dense.PenalizedRss / residualDf);
        var d = new VarianceParameterDerivatives(dense, method, sigma);
        string what = $"{formula} ({method}, {design.RowCount} rows)";
        for (int j = 0; j < design.FixedEffectCount; j++)
        {
            var l = Vector<double>.Build.Dense(design.FixedEffectCount);
            l[j] = 1.0;
            Close(d.DegreesOfFreedom(l), table[j].DF, $"{what} df of {design.FixedEffectNames[j]}");
            Close(Math.Sqrt(d.VcovBeta[j, j]), table[j].StdError, $"{what} se of {design.FixedEffectNames[j]}");
            Close(fit.FixedEffects[j].Estimate, table[j].Estimate, $"{what} estimate of {design.FixedEffectNames[j]}");
        }
    }

    [Fact]
    public void The_tests_take_the_factor_route_for_scalar_terms_and_give_the_dense_df()
    {
        var design = Design("data/Penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)", 0);
        var theta = new[] { 0.8, 1.9 };
        var table = FixedEffectInference.At(design, theta, EstimationMethod.REML, DegreesOfFreedomMethod.Satterthwaite).Coefficients();
        var dense = new MarginalMoments(design, theta);
        double sigma = Math.Sqrt(dense.PenalizedRss / (design.RowCount - 1));
        var d = new VarianceParameterDerivatives(dense, EstimationMethod.REML, sigma);
        Close(d.DegreesOfFreedom(Vector<double>.Build.Dense(1, 1.0)), table[0].DF, "Penicillin intercept df");
        Close(Math.Sqrt(d.VcovBeta[0, 0]), table[0].StdError, "Penicillin intercept se");
        // A theta below the route's threshold keeps the dense path.
        Assert.False(FactorSatterthwaite.Applies(design, new[] { 0.8, 1e-5 }));
    }

    [Fact]
    public void Invoke_LmmFit_gives_default_df_beyond_the_dense_limit_when_the_factor_route_applies()
    {
        // 1,500 x 40 crossed scalar terms: q + p + 1 = 1,542 is over the dense default limit, the trailing block (40)
        // is far under the factor route's, so the default fit gets its df (equal to the dense path's, tested above).
        int n = 6000;
        var g1 = Enumerable.Range(0, n).Select(i => i % 1500).ToArray();
        var g2 = Enumerable.Range(0, n).Select(i => (i * 7 + i / 1500) % 40).ToArray();
        var random = new Random(20);
        var u1 = Enumerable.Range(0, 1500).Select(_ => random.NextDouble() - 0.5).ToArray();
        var u2 = Enumerable.Range(0, 40).Select(_ => 2.0 * (random.NextDouble() - 0.5)).ToArray();
        var x = Enumerable.Range(0, n).Select(i => (double)(i % 5)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => 1.0 + 0.3 * x[i] + u1[g1[i]] + u2[g2[i]] + random.NextDouble() - 0.5).ToArray();
        var design = HandBuiltDesigns.Design("y ~ x + (1 | g1) + (1 | g2)", y,
            new[] { ("(Intercept)", HandBuiltDesigns.Ones(n)), ("x", x) },
            HandBuiltDesigns.Term("g1", (g1, Enumerable.Range(0, 1500).Select(i => $"a{i}").ToArray()), ("(Intercept)", HandBuiltDesigns.Ones(n))),
            HandBuiltDesigns.Term("g2", (g2, Enumerable.Range(0, 40).Select(i => $"b{i}").ToArray()), ("(Intercept)", HandBuiltDesigns.Ones(n))));
        var result = LmmFitter.Fit(design, new FitOptions());
        Assert.True(FixedEffectInference.DenseSize(design) > FixedEffectTestFactory.DefaultDenseLimit);
        Assert.Equal((40, true), FixedEffectInference.WorkSize(design, result.Theta, DegreesOfFreedomMethod.Satterthwaite));
        Assert.Equal((FixedEffectInference.DenseSize(design), false), FixedEffectInference.WorkSize(design, result.Theta, DegreesOfFreedomMethod.KenwardRoger));
        var (tests, note) = FixedEffectTestFactory.Coefficients(result, LmmDegreesOfFreedom.Satterthwaite, explicitlyAsked: false);
        Assert.Null(note);
        Assert.NotNull(tests);
        Assert.Equal(2, tests!.Count);
        var (_, krNote) = FixedEffectTestFactory.Coefficients(result, LmmDegreesOfFreedom.KenwardRoger, explicitlyAsked: false);
        Assert.Contains("No df or p-values by default", krNote);
    }

    /// <summary>Beyond the factor route's default limit (m = 2,050 later levels > 2,000) the df are still computed by
    /// default when they read the fit's own dense factor (their cost is then a fraction of the fit's); from the design
    /// alone, or after a fit on the sparse trailing kind, the limit holds and a note says how to ask. The df read from
    /// the fit's factor equal those from the design alone (an independent model build and factorization), to 1e-8.</summary>
    [Fact]
    public void Default_df_beyond_the_factor_limit_when_they_read_the_fits_own_factor()
    {
        int n = 7000, l1 = 2500, l2 = 2050;
        var g1 = Enumerable.Range(0, n).Select(i => i % l1).ToArray();
        var g2 = Enumerable.Range(0, n).Select(i => (i * 13 + i / l1) % l2).ToArray();
        var random = new Random(21);
        var u1 = Enumerable.Range(0, l1).Select(_ => random.NextDouble() - 0.5).ToArray();
        var u2 = Enumerable.Range(0, l2).Select(_ => random.NextDouble() - 0.5).ToArray();
        var x = Enumerable.Range(0, n).Select(i => (double)(i % 7)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => 2.0 - 0.2 * x[i] + u1[g1[i]] + u2[g2[i]] + random.NextDouble() - 0.5).ToArray();
        var design = HandBuiltDesigns.Design("y ~ x + (1 | g1) + (1 | g2)", y,
            new[] { ("(Intercept)", HandBuiltDesigns.Ones(n)), ("x", x) },
            HandBuiltDesigns.Term("g1", (g1, Enumerable.Range(0, l1).Select(i => $"a{i}").ToArray()), ("(Intercept)", HandBuiltDesigns.Ones(n))),
            HandBuiltDesigns.Term("g2", (g2, Enumerable.Range(0, l2).Select(i => $"b{i}").ToArray()), ("(Intercept)", HandBuiltDesigns.Ones(n))));
        var dense = new FitOptions { Kernels = new KernelOptions { TrailingFactor = TrailingFactorKind.Dense } };
        var (fit, model) = LmmFitter.FitKeepingModel(design, dense);
        Assert.Equal((l2, true), FixedEffectInference.WorkSize(design, fit.Theta, DegreesOfFreedomMethod.Satterthwaite));
        Assert.True(l2 > FixedEffectTestFactory.DefaultFactorLimit);
        Assert.True(FixedEffectInference.ReadsFittedFactor(fit, DegreesOfFreedomMethod.Satterthwaite, model));

        var (alone, aloneNote) = FixedEffectTestFactory.Coefficients(fit, LmmDegreesOfFreedom.Satterthwaite, explicitlyAsked: false);
        Assert.Null(alone);
        Assert.Contains("No df or p-values by default", aloneNote);
        var (read, readNote) = FixedEffectTestFactory.Coefficients(fit, LmmDegreesOfFreedom.Satterthwaite, explicitlyAsked: false, model);
        Assert.Null(readNote);
        var asked = FixedEffectInference.For(fit, DegreesOfFreedomMethod.Satterthwaite).Coefficients();
        for (int j = 0; j < 2; j++)
            Close(asked[j].DF, read![j].DF, $"df of {asked[j].Name}, read from the fit's factor against the design alone");

        var sparse = new FitOptions { Kernels = new KernelOptions { TrailingFactor = TrailingFactorKind.Sparse } };
        var (sparseFit, sparseModel) = LmmFitter.FitKeepingModel(design, sparse);
        Assert.False(FixedEffectInference.ReadsFittedFactor(sparseFit, DegreesOfFreedomMethod.Satterthwaite, sparseModel));
        var (_, sparseNote) = FixedEffectTestFactory.Coefficients(sparseFit, LmmDegreesOfFreedom.Satterthwaite, explicitlyAsked: false, sparseModel);
        Assert.Contains("No df or p-values by default", sparseNote);
    }

    /// <summary>Invoke-LmmFit's df step takes the command's token (Ctrl+C): a cancelled token stops the tests on the factor
    /// route and on the dense path with OperationCanceledException, never swallowed into a "No df" note.</summary>
    [Theory]
    [InlineData("data/Penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)")]
    [InlineData("data/sleepstudy.csv", "Reaction ~ Days + (Days | Subject)")]
    public void The_df_step_stops_on_a_cancelled_token(string file, string formula)
    {
        var design = Design(file, formula, 0);
        var (fit, model) = LmmFitter.FitKeepingModel(design, new FitOptions());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            FixedEffectTestFactory.Coefficients(fit, LmmDegreesOfFreedom.Satterthwaite, explicitlyAsked: true, model, cancelled.Token));
        var (tests, note) = FixedEffectTestFactory.Coefficients(fit, LmmDegreesOfFreedom.Satterthwaite, explicitlyAsked: true, model);
        Assert.Null(note);
        Assert.NotNull(tests);
    }

    private static ModelDesign Design(string file, string formula, int rows)
    {
        string path = TestData.File(file);
        var options = ColumnSchema.OptionsFor(path);
        DataFrame data;
        if (rows == 0)
            data = CsvDataReader.ReadFile(path, options);
        else
            using (var reader = new StringReader(string.Join("\n", File.ReadLines(path).Take(rows + 1))))
                data = CsvDataReader.Read(reader, options, path);
        return DesignBuilder.Build(FormulaParser.Parse(formula), data);
    }

    private static void Same(Matrix<double> expected, Matrix<double> actual, string what)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        double scale = expected.Enumerate().Max(Math.Abs);
        for (int r = 0; r < expected.RowCount; r++)
            for (int c = 0; c < expected.ColumnCount; c++)
                Assert.True(Math.Abs(expected[r, c] - actual[r, c]) <= Tolerance * scale,
                    $"{what}[{r},{c}]: dense {expected[r, c]:R}, blocks {actual[r, c]:R} (scale {scale:G3})");
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Abs(expected),
            $"{what}: dense {expected:R}, blocks {actual:R} (relative {Math.Abs(actual - expected) / Math.Abs(expected):G3})");
}
