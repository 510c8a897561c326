using System.Text.Json;
using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Core.Priors;
using LmmPS.Tests.Fitting;
using LmmPS.Tests.Gradients;
using Xunit.Abstractions;

namespace LmmPS.Tests.Priors;

/// <summary>The analytic gradient of a prior's objective F(theta) = min over sigma of f(theta, sigma): against our own
/// finite differences of F (1e-6 relative, or the quotient's rounding noise where the derivative is ~0) at every
/// blme devfun point for both scales and both objectives, against the files' gradient_fd (blme's F, sigma re-optimised
/// at each shifted theta), on a two-term model (the dense weight block meets later terms), and the dense-block
/// generalisation with the plain weights reproducing the plain gradient.</summary>
public class PriorGradientTests
{
    private const double Epsilon = 2.220446049250313e-16;
    private readonly ITestOutputHelper _output;

    public PriorGradientTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, PriorScale, PriorObjective> EveryCaseScaleAndObjective()
    {
        var data = new TheoryData<string, PriorScale, PriorObjective>();
        foreach (var file in ((IEnumerable<object[]>)BlmeCase.All).Select(row => (string)row[0]))
            foreach (var scale in new[] { PriorScale.Relative, PriorScale.Absolute })
                foreach (var objective in new[] { PriorObjective.PosteriorMode, PriorObjective.IntegratedLikelihood })
                    data.Add(file, scale, objective);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCaseScaleAndObjective))]
    public void Gradient_of_F_matches_finite_differences_at_every_devfun_point(string file, PriorScale scale, PriorObjective objective)
    {
        using var c = new BlmeCase(file);
        var prior = FixedEffectPrior.FromStandardDeviations(c.PriorSD, scale, objective);
        var model = new PriorModel(new LinearMixedModel(c.Design), prior, c.Method);
        int checkedRows = 0, away = 0;
        foreach (var (label, theta) in ReferencePointGradientTests.Points(c.Root))
        {
            var analytic = model.Gradient(theta);
            double noise = Noise(model, c.Design, theta);
            var rows = FiniteDifference.Compare(c.Design.ThetaNames, t => model.Objective(t), theta, analytic, model.Model.ThetaLower);
            foreach (var row in rows)
            {
                _output.WriteLine($"{file} {scale} {objective} {label} {row.Parameter}: analytic {row.Analytic:R} fd {row.Numeric:R} rel {row.RelativeError:E2}");
                GradientAssert.AgreesWithOwnDifferences(row, noise, $"{file} {scale} {objective} {label}");
                checkedRows++;
                if (Math.Abs(row.Numeric) > 1e3 * noise / row.Step) away++;
            }
        }
        Assert.True(checkedRows >= 5, $"{file}: only {checkedRows} derivatives checked");
        // Not only near-zero derivatives at optima: the perturbed points must test 1e-6 relative for real.
        Assert.True(away >= 2, $"{file}: only {away} derivatives well above the noise floor");
    }

    [Theory]
    [MemberData(nameof(BlmeCase.All), MemberType = typeof(BlmeCase))]
    public void Gradient_of_F_matches_the_files_finite_differences(string file)
    {
        using var c = new BlmeCase(file);
        var model = c.Model();
        int compared = 0;
        foreach (var point in c.Root.GetProperty("devfun_points").GetProperty("points").EnumerateArray())
        {
            if (!point.TryGetProperty("gradient_fd", out var fd) || fd.ValueKind != JsonValueKind.Array)
                continue;
            var theta = BlmeCase.Numbers(point.GetProperty("theta"));
            var expected = BlmeCase.Numbers(fd);
            double step = point.TryGetProperty("fd_step", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 1e-5;
            // blme's F re-optimises sigma numerically at each shifted theta: its quotient carries that noise too, so the
            // floor is lme4's 1e-5 or ten times F's own rounding over the step, as in the conformance runner.
            double floor = Math.Max(1e-5, 2.5 * Noise(model, c.Design, theta) / step);
            var analytic = model.Gradient(theta);
            for (int i = 0; i < expected.Length; i++)
            {
                string label = point.GetProperty("label").GetString()!;
                _output.WriteLine($"{file} {label} theta[{i}]: analytic {analytic[i]:R}, blme fd {expected[i]:R}");
                PriorAssert.Near(expected[i], analytic[i], 1e-4, $"{file} {label} theta[{i}] against gradient_fd", floor);
                compared++;
            }
        }
        Assert.True(compared >= 3, $"{file}: {compared} gradient_fd elements compared");
    }

    public static TheoryData<PriorScale, PriorObjective> ScalesAndObjectives()
    {
        var data = new TheoryData<PriorScale, PriorObjective>();
        foreach (var scale in new[] { PriorScale.Relative, PriorScale.Absolute })
            foreach (var objective in new[] { PriorObjective.PosteriorMode, PriorObjective.IntegratedLikelihood })
                data.Add(scale, objective);
        return data;
    }

    /// <summary>Two terms: the second lives in the dense trailing part, so the dense weight block meets the later-term
    /// rows of S (sleepstudy's uncorrelated model, p = 2) and crossed factors (Penicillin, p = 1).</summary>
    [Theory]
    [MemberData(nameof(ScalesAndObjectives))]
    public void Gradient_of_F_matches_finite_differences_on_models_with_two_terms(PriorScale scale, PriorObjective objective)
    {
        var cases = new (string Name, ModelDesign Design, double[] Sd, double[] Theta)[]
        {
            ("sleepstudy uncorrelated", HandBuiltDesigns.Sleepstudy(uncorrelated: true), new[] { 10.0, 2.5 }, new[] { 0.7, 0.3 }),
            ("sleepstudy uncorrelated", HandBuiltDesigns.Sleepstudy(uncorrelated: true), new[] { 10.0, 2.5 }, new[] { 1.4, 0.05 }),
            ("Penicillin", HandBuiltDesigns.Penicillin(), new[] { 5.0 }, new[] { 0.9, 2.1 }),
            ("Penicillin", HandBuiltDesigns.Penicillin(), new[] { 5.0 }, new[] { 1.8, 0.6 }),
        };
        foreach (var (name, design, sd, theta) in cases)
        {
            var model = new PriorModel(new LinearMixedModel(design), FixedEffectPrior.FromStandardDeviations(sd, scale, objective), EstimationMethod.ML);
            var analytic = model.Gradient(theta);
            double noise = Noise(model, design, theta);
            foreach (var row in FiniteDifference.Compare(design.ThetaNames, t => model.Objective(t), theta, analytic, model.Model.ThetaLower))
            {
                _output.WriteLine($"{name} {scale} {objective} {row.Parameter}: analytic {row.Analytic:R} fd {row.Numeric:R} rel {row.RelativeError:E2}");
                // Away from an optimum: a real relative test.
                Assert.True(Math.Abs(row.Numeric) > 1e3 * noise / row.Step, $"{name} {row.Parameter}: derivative {row.Numeric:R} too small to test");
                GradientAssert.AgreesWithOwnDifferences(row, noise, $"{name} {scale} {objective}");
            }
        }
    }

    /// <summary>Without a prior the dense block B'GB is diag(0 or I on X, N or N - p on y) (docs/gradient.md, "A prior"):
    /// passing exactly that block through the dense path must give the plain gradient (different summation order only).</summary>
    [Theory]
    [InlineData("sleepstudy", EstimationMethod.ML)]
    [InlineData("sleepstudy", EstimationMethod.REML)]
    [InlineData("sleepstudy uncorrelated", EstimationMethod.REML)]
    [InlineData("Penicillin", EstimationMethod.ML)]
    [InlineData("Pastes", EstimationMethod.REML)]
    public void Dense_block_with_the_plain_weights_reproduces_the_plain_gradient(string name, EstimationMethod method)
    {
        var design = name switch
        {
            "sleepstudy" => HandBuiltDesigns.Sleepstudy(),
            "sleepstudy uncorrelated" => HandBuiltDesigns.Sleepstudy(uncorrelated: true),
            "Penicillin" => HandBuiltDesigns.Penicillin(),
            _ => HandBuiltDesigns.Pastes(),
        };
        var model = new LinearMixedModel(design);
        var theta = model.DefaultStartTheta.Select((t, i) => t == 0 ? 0.1 * (i + 1) : 0.6 + 0.3 * i).ToArray();
        var plain = model.Gradient(theta, method);

        int p = design.FixedEffectCount, b = p + 1;
        var block = new double[b * b];
        for (int i = 0; i < p; i++) block[i * b + i] = method == EstimationMethod.REML ? 1.0 : 0.0;
        block[p * b + p] = method == EstimationMethod.ML ? design.RowCount : design.RowCount - p;
        var dense = new double[theta.Length];
        model.GradientAtCurrent(theta, block, dense);
        for (int i = 0; i < theta.Length; i++)
            PriorAssert.Near(plain[i], dense[i], 1e-11, $"{name} {method} theta[{i}]", 1e-11);
    }

    /// <summary>A relative prior with SDs of 1e9 (S^-1 ~ 0) and the integrated likelihood: f = n log(2 pi s^2) + P/s^2 +
    /// ldL2 + log det S + log det M with P -> pwrss, M -> C_XX and s^2 = P/n, so G = v v'/s^2 + C_XX^-1 and
    /// B'GB = diag(I on X, n on y): the plain REML weights with n in place of n - p. The prior's block, built from F's own
    /// pieces, must reduce to exactly that.</summary>
    [Fact]
    public void A_prior_with_no_effect_gives_the_plain_block_with_n_on_the_response()
    {
        var design = HandBuiltDesigns.Sleepstudy();
        var lmm = new LinearMixedModel(design);
        var prior = FixedEffectPrior.FromStandardDeviations(new[] { 1e9 }, PriorScale.Relative, PriorObjective.IntegratedLikelihood);
        var model = new PriorModel(lmm, prior, EstimationMethod.REML);
        var theta = new[] { 0.8, 0.1, 0.25 };
        var withPrior = model.Gradient(theta);

        int p = design.FixedEffectCount, b = p + 1;
        var block = new double[b * b];
        for (int i = 0; i < p; i++) block[i * b + i] = 1.0;
        block[p * b + p] = design.RowCount;
        lmm.Factor.Update(theta);
        var expected = new double[theta.Length];
        lmm.GradientAtCurrent(theta, block, expected);
        for (int i = 0; i < theta.Length; i++)
            PriorAssert.Near(expected[i], withPrior[i], 1e-9, $"theta[{i}]", 1e-9);
    }

    /// <summary>Test-LmmGradient's engine under a prior: theta rows of F, then on the absolute scale the sigma rows at
    /// the sigma the files' sigma_profiles give (blme_abs_sleepstudy_ML, theta_hat: sigma* = 25.5918012109,
    /// d2 log/dsigma2 = -0.54658423 for log = -f/2, so d2f/dsigma2 = 1.09316846).</summary>
    [Fact]
    public void Check_under_an_absolute_prior_adds_the_sigma_rows_at_sigma_star()
    {
        using var c = new BlmeCase("blme_abs_sleepstudy_ML.json");
        var theta = BlmeCase.Numbers(c.Root.GetProperty("theta"));
        var rows = PriorGradientCheck.Check(c.Design, theta, c.Prior, c.Method);
        Assert.Equal(new[] { "Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days", PriorGradientCheck.SigmaFirstDerivative, PriorGradientCheck.SigmaSecondDerivative },
            rows.Select(r => r.Parameter));
        var first = rows[3];
        var second = rows[4];
        PriorAssert.Near(25.5918012109, first.Value, 1e-9, "sigma*");
        Assert.Equal(first.Value, second.Value);
        PriorAssert.Near(0.0, first.Analytic, 0, "d/dsigma at sigma*", 1e-9);
        PriorAssert.Near(0.0, first.Numeric, 0, "fd d/dsigma at sigma*", 1e-6);
        PriorAssert.Near(2 * 0.54658423, second.Analytic, 1e-7, "d2f/dsigma2");
        PriorAssert.Near(second.Analytic, second.Numeric, 1e-6, "fd d2f/dsigma2");
        for (int i = 0; i < 3; i++)
            PriorAssert.Near(rows[i].Numeric, rows[i].Analytic, 1e-4, rows[i].Parameter, 1e-5);
    }

    [Fact]
    public void Check_on_the_relative_scale_has_theta_rows_only_and_matches_the_files_gradient()
    {
        using var c = new BlmeCase("blme_sleepstudy_REML.json");
        var point = c.Root.GetProperty("devfun_points").GetProperty("points").EnumerateArray()
            .First(p => p.GetProperty("label").GetString() == "perturbed");
        var rows = PriorGradientCheck.Check(c.Design, BlmeCase.Numbers(point.GetProperty("theta")), c.Prior, c.Method);
        Assert.Equal(3, rows.Count);
        var expected = BlmeCase.Numbers(point.GetProperty("gradient_fd"));
        for (int i = 0; i < 3; i++)
        {
            PriorAssert.Near(expected[i], rows[i].Analytic, 1e-4, $"theta[{i}] against gradient_fd", 1e-5);
            Assert.True(rows[i].RelativeError < 1e-6, $"theta[{i}]: relative error {rows[i].RelativeError:E2}");
        }
    }

    [Fact]
    public void Check_rejects_a_prior_that_does_not_fit_the_model()
    {
        LmmPS.Tests.Data.ErrorAssert.Throws("PriorLengthMismatch",
            () => PriorGradientCheck.Check(HandBuiltDesigns.Sleepstudy(), new[] { 1.0, 0.0, 1.0 },
                FixedEffectPrior.FromStandardDeviations(new[] { 1.0, 2.0, 3.0 }), EstimationMethod.ML),
            "3 standard deviations", "(Intercept), Days");
    }

    [Fact]
    public void Gradient_rejects_a_theta_outside_the_bounds_with_its_name()
    {
        using var c = new BlmeCase("blme_abs_sleepstudy_ML.json");
        LmmPS.Tests.Data.ErrorAssert.Throws("ThetaOutOfBounds", () => c.Model().Gradient(new[] { -1.0, 0.0, 1.0 }), "Subject.(Intercept)");
    }

    /// <summary>4 eps (|F| + n A_yy / rss): F's rounding error at theta (pwrss loses log10(A_yy / rss) digits to
    /// cancellation; the log of it carries that into F), as the plain gradient tests' floor.</summary>
    private static double Noise(PriorModel model, ModelDesign design, double[] theta)
    {
        var point = model.Evaluate(theta);
        double ayy = design.Response.Sum(v => v * v);
        return 4 * Epsilon * (Math.Abs(point.PenalizedObjective) + design.RowCount * ayy / point.RssWithoutPrior);
    }
}
