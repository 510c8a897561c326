using LmmPS.Core.Common;
using LmmPS.Core.Model;
using LmmPS.Core.Optimizers;
using LmmPS.Core.Gradients;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Priors;

namespace LmmPS.Core.Fitting;

/// <summary>Turns the factor at the optimum into a <see cref="FitResult"/>: fixed effects with their covariance,
/// variance components, conditional modes and SDs, the singular-fit check and the warnings a user should see.</summary>
internal static class FitResultBuilder
{
    /// <summary>lme4's isSingular tolerance: a template diagonal below this counts as on the boundary.</summary>
    public const double SingularTolerance = 1e-4;

    public static FitResult Build(LinearMixedModel model, double[] theta, EstimationMethod method, double objective,
        OptimizerResult optimum, string optimizerName, int evaluations, TimeSpan elapsed, PriorEstimates? prior = null)
    {
        var design = model.Design;
        // The last evaluation's solution where it is current (no prior: the prior's joint mode conditions on its own beta).
        var solution = prior is null ? model.SolutionAt(theta, method) : ModelSolution.Compute(model, theta, method, prior.Beta);
        double sigma = prior?.Sigma ?? solution.Sigma;
        var vcov = prior?.Covariance ?? FixedEffectsCovariance(model, sigma);
        var fixedEffects = new List<FixedEffectEstimate>();
        for (int t = 0; t < design.FixedEffectCount; t++)
        {
            double se = Math.Sqrt(vcov[t, t]);
            fixedEffects.Add(new FixedEffectEstimate(design.FixedEffectNames[t], solution.Beta[t], se, solution.Beta[t] / se));
        }

        var condSD = ConditionalVariances.Compute(model, theta, sigma);
        var (components, tables, singular) = RandomParts(model, theta, sigma, solution, condSD, 1.0);

        var warnings = new List<string>(design.Warnings);
        if (design.DroppedFixedEffects.Count > 0)
            warnings.Add($"The fixed-effects model matrix is rank deficient, so {design.DroppedFixedEffects.Count} column(s) were dropped: {string.Join(", ", design.DroppedFixedEffects)}.");
        if (design.RowsDropped > 0)
            warnings.Add($"{design.RowsDropped} row(s) with missing values in the formula's columns were dropped; {design.RowCount} used.");
        if (singular.Count > 0)
            warnings.Add(SingularWarning(singular));
        // Under a prior the gradient is of the objective minimised, F = Objective + penalty (PriorModel.Gradient);
        // PriorModel.Estimates took the optimizer's gradient when it had one.
        var (gradient, projectedNorm) = prior is null ? GradientAtOptimum(model, theta, method, optimum.Gradient, warnings) : PriorGradientAtOptimum(model, theta, prior, warnings);
        bool computedHere = optimum.Gradient is null && gradient.Length > 0;
        if (!optimum.Converged)
            warnings.Add($"The optimizer did not converge: {optimum.Message}. The estimates are at the best point found.");

        return new FitResult
        {
            Design = design,
            Method = method,
            TrailingFactor = model.Factor.Kind,
            Objective = objective,
            Sigma = sigma,
            Theta = theta,
            FixedEffects = fixedEffects,
            FixedEffectsCovariance = vcov,
            VarianceComponents = components,
            RandomEffects = tables,
            PenalizedRss = prior?.PenalizedRss ?? solution.PenalizedRss,
            LogDetLZSquared = solution.LogDetLZSquared,
            LogDetLXSquared = prior?.LogDetLXSquared ?? solution.LogDetLXSquared,
            Gradient = gradient,
            ProjectedGradientNorm = projectedNorm,
            Evaluations = evaluations,
            GradientEvaluations = optimum.GradientEvaluations + (computedHere ? 1 : 0),
            Converged = optimum.Converged,
            ConvergenceMessage = optimum.Message,
            OptimizerName = optimizerName,
            IsSingular = singular.Count > 0,
            SingularTerms = singular.Distinct().ToArray(),
            Warnings = warnings,
            Elapsed = elapsed,
            Prior = prior?.Info,
        };
    }

    /// <summary>Per term: the variance component (sigma^2 T T'), the conditional modes b = Lambda u (times
    /// <paramref name="modeScale"/>: a reparametrised fit's u is in units of its scaled response) with their conditional
    /// SDs, and lme4's singular check on the template; then the residual component.</summary>
    internal static (List<VarianceComponent> Components, List<RandomEffectsTable> Tables, List<string> Singular) RandomParts(
        LinearMixedModel model, double[] theta, double sigma, ModelSolution solution, double[][] condSD, double modeScale)
    {
        var design = model.Design;
        var components = new List<VarianceComponent>();
        var tables = new List<RandomEffectsTable>();
        var singular = new List<string>();
        for (int j = 0; j < design.RandomTerms.Count; j++)
        {
            var term = design.RandomTerms[j];
            int k = term.ColumnCount;
            var template = new double[k * k];
            model.Layout.FillTemplate(theta, j, template);
            components.Add(Component(term.Group, term.ColumnNames, template, k, sigma));
            var modes = solution.RandomEffects(model, theta, j);
            if (modeScale != 1.0)
                for (int i = 0; i < modes.Length; i++) modes[i] *= modeScale;
            tables.Add(new RandomEffectsTable(term.Group, term.Levels, term.ColumnNames, modes, condSD[j]));
            if (OnBoundary(template, k))
                singular.Add(term.Group);
        }
        components.Add(new VarianceComponent("Residual", new[] { "(Residual)" }, new[,] { { sigma * sigma } }, new[] { sigma }, new[,] { { 1.0 } }));
        return (components, tables, singular);
    }

    /// <summary>lme4's isSingular for one term: a diagonal element of its template below <see cref="SingularTolerance"/>.</summary>
    private static bool OnBoundary(double[] template, int k)
    {
        for (int c = 0; c < k; c++)
            if (template[c * k + c] < SingularTolerance)
                return true;
        return false;
    }

    /// <summary>lme4's isSingular at theta: some term on the boundary.</summary>
    internal static bool IsSingular(LinearMixedModel model, double[] theta)
    {
        var terms = model.Design.RandomTerms;
        for (int j = 0; j < terms.Count; j++)
        {
            int k = terms[j].ColumnCount;
            var template = new double[k * k];
            model.Layout.FillTemplate(theta, j, template);
            if (OnBoundary(template, k)) return true;
        }
        return false;
    }

    internal const string SingularWarningStart = "Singular fit:";

    internal static string SingularWarning(IEnumerable<string> groups) =>
        $"{SingularWarningStart} the random-effects covariance of {string.Join(", ", groups.Distinct())} is on the boundary (a variance at 0 or a correlation at +-1).";

    /// <summary>The analytic gradient at the optimum and its projected norm: the optimizer's when it has one (the same
    /// numbers), else from the factor at the optimum (it is current). A model whose dense part leaves no room for the
    /// gradient's two extra m x m arrays still gets its fit, with a warning.</summary>
    private static (double[] Gradient, double Norm) GradientAtOptimum(LinearMixedModel model, double[] theta, EstimationMethod method,
        double[]? optimizerGradient, List<string> warnings)
    {
        if (optimizerGradient is not null)
            return (optimizerGradient, ProjectedGradient.Norm(theta, model.ThetaLower, optimizerGradient));
        try
        {
            var gradient = new double[theta.Length];
            model.GradientAtCurrent(theta, method, gradient);
            return (gradient, ProjectedGradient.Norm(theta, model.ThetaLower, gradient));
        }
        catch (LmmException e) when (e.ErrorId == "ModelTooLarge")
        {
            warnings.Add($"The gradient at the optimum was not computed: {e.Message}");
            return (Array.Empty<double>(), double.NaN);
        }
    }

    private static (double[] Gradient, double Norm) PriorGradientAtOptimum(LinearMixedModel model, double[] theta, PriorEstimates prior, List<string> warnings)
    {
        if (prior.Gradient is { } gradient)
            return (gradient, ProjectedGradient.Norm(theta, model.ThetaLower, gradient));
        warnings.Add($"The gradient at the optimum was not computed: {prior.GradientUnavailable}");
        return (Array.Empty<double>(), double.NaN);
    }

    /// <summary>sigma^2 (L_X L_X')^-1, lme4's vcov().</summary>
    private static double[,] FixedEffectsCovariance(LinearMixedModel model, double sigma)
    {
        var vcov = new TrailingReader(model.Factor).FixedCrossProductInverse();
        double s2 = sigma * sigma;
        for (int r = 0; r < vcov.GetLength(0); r++)
            for (int c = 0; c < vcov.GetLength(1); c++)
                vcov[r, c] = s2 * vcov[r, c];
        return vcov;
    }

    /// <summary>sigma^2 T T' with its SDs and correlations.</summary>
    internal static VarianceComponent Component(string group, IReadOnlyList<string> names, double[] template, int k, double sigma)
    {
        var cov = new double[k, k];
        for (int r = 0; r < k; r++)
            for (int c = 0; c <= r; c++)
            {
                double s = 0.0;
                for (int i = 0; i <= c; i++)
                    s += template[i * k + r] * template[i * k + c];
                cov[r, c] = cov[c, r] = sigma * sigma * s;
            }
        var sd = new double[k];
        for (int r = 0; r < k; r++) sd[r] = Math.Sqrt(cov[r, r]);
        var corr = new double[k, k];
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++)
                corr[r, c] = r == c ? 1.0 : sd[r] > 0 && sd[c] > 0 ? cov[r, c] / (sd[r] * sd[c]) : double.NaN;
        return new VarianceComponent(group, names, cov, sd, corr);
    }
}
