using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;
using LmmPS.Core.Scaling;

namespace LmmPS.Core.Fitting;

/// <summary>Fits a badly scaled design through its exact reparametrisation (<see cref="DesignScaling"/>) and reports
/// every estimate in the user's parametrisation. Only the plain objective is reparametrised: a fixed-effect prior is
/// stated in the units of beta and sigma, so a fit under one keeps the original design (and warns, as lme4 does, that
/// the predictors are on very different scales).</summary>
internal static class ScaledFit
{
    public const string ScaleWarning =
        "Some predictor variables (or the response) are on very different scales or far from zero, and the fit under a " +
        "fixed-effect prior is evaluated on them as given: consider rescaling (centring) them.";

    public static bool Applies(ModelDesign design, FitOptions options) =>
        options.FixedEffectPrior is null && DesignScaling.IsNeeded(design);

    public static FitResult Fit(ModelDesign design, FitOptions options, IProgress<FitProgress>? progress, CancellationToken cancellationToken,
        Func<ModelDesign, FitOptions, IProgress<FitProgress>?, CancellationToken, FitResult> fitCore)
    {
        new ThetaLayout(design.RandomTerms).Validate(options.StartTheta ?? new ThetaLayout(design.RandomTerms).Start, design.ThetaNames);
        var scaling = DesignScaling.For(design);
        var scaledOptions = new FitOptions
        {
            Method = options.Method,
            MaxEvaluations = options.MaxEvaluations,
            Optimizer = options.Optimizer,
            OptimizerKind = options.OptimizerKind,
            Kernels = options.Kernels,
            StartTheta = options.StartTheta is { } start ? scaling.ThetaToScaled(start) : null,
        };
        double shift = ObjectiveShift(scaling, options.Method);
        var scaledProgress = progress is null ? null : new MappedProgress(progress, scaling, shift);
        var scaled = fitCore(scaling.Scaled, scaledOptions, scaledProgress, cancellationToken);
        return ScaledResult.ToOriginal(scaling, scaled, shift);
    }

    /// <summary>A fit under a prior is evaluated on the design as given: when that design is badly scaled, say so (the
    /// result's warning list is still the builder's own list here, before the result leaves the fitter).</summary>
    public static void WarnUnderPrior(FitResult result, FitOptions options)
    {
        if (options.FixedEffectPrior is not null && result.Warnings is List<string> warnings && DesignScaling.IsNeeded(result.Design))
            warnings.Add(ScaleWarning);
    }

    /// <summary>original deviance = scaled deviance + shift: N log s_y^2 (ML); (N - P) log s_y^2 - 2 log|det T| (REML).</summary>
    internal static double ObjectiveShift(DesignScaling scaling, EstimationMethod method)
    {
        var d = scaling.Original;
        double logS2 = 2.0 * Math.Log(scaling.YScale);
        return method == EstimationMethod.ML
            ? d.RowCount * logS2
            : (d.RowCount - d.FixedEffectCount) * logS2 - 2.0 * scaling.LogDetT;
    }

    private sealed class MappedProgress(IProgress<FitProgress> inner, DesignScaling scaling, double shift) : IProgress<FitProgress>
    {
        public void Report(FitProgress value) =>
            inner.Report(new FitProgress(value.Evaluation, value.MaxEvaluations, value.Objective + shift, value.BestObjective + shift,
                scaling.ThetaToOriginal(value.Theta)));
    }
}
