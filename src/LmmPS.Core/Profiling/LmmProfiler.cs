using System.Diagnostics;
using LmmPS.Core.Common;
using LmmPS.Core.Fitting;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Core.Scaling;
using MathNet.Numerics.Distributions;

namespace LmmPS.Core.Profiling;

/// <summary>Likelihood profiles and profile confidence intervals of a fit, as lme4's <c>profile()</c> and
/// <c>confint(method = "profile")</c> give them: for every parameter (SDs and correlations of the random effects,
/// sigma, fixed effects) held at a sequence of values with the others re-optimised, zeta = sign(value - estimate)
/// sqrt(deviance - minimum) of the ML deviance; intervals where zeta crosses +-z. Traces (one per parameter and
/// side) run in parallel, each worker with its own model.</summary>
public static class LmmProfiler
{
    public static ProfileResult Profile(FitResult fit, ProfileOptions? options = null, IProgress<ProfileProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        options ??= new ProfileOptions();
        options.Validate();
        PriorProfileGuard.Check(fit);
        // A badly scaled design is profiled on its exact reparametrisation, as it was fitted: on the design as given
        // the deviance has lost the digits a walk needs (sleepstudy with D = Days + 1e6 gave D's interval as
        // [10.4714, 10.4717] instead of [7.36, 13.58]).
        if (DesignScaling.IsNeeded(fit.Design))
            return ScaledProfile.Profile(fit, options, progress, cancellationToken);
        return ProfileAsGiven(fit, options, progress, cancellationToken);
    }

    /// <summary>The profile of <paramref name="fit"/> evaluated on its design as given (options already validated).</summary>
    internal static ProfileResult ProfileAsGiven(FitResult fit, ProfileOptions options, IProgress<ProfileProgress>? progress,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var design = fit.Design;
        var selected = Select(ProfileParameterCatalog.For(design), options.Parameters, design.Formula.Text);
        double z = Normal.InvCDF(0.0, 1.0, 0.5 + options.Level / 2);
        // The walk must pass the interval's z on both sides, whatever threshold was asked for.
        double threshold = Math.Max(options.Threshold, 1.05 * z);
        double zetaStep = options.ZetaStep > 0 ? options.ZetaStep : z / 3;

        var notes = new List<string>();
        int evaluations = 0;
        var ml = fit;
        // One cross-product for the ML refit and every worker: each worker's model shares it (it is never written)
        // and has only its own factor, so k workers hold one A and k factors, not k of each.
        int degree = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        // The cross-product, the profiler's factor and the other workers' factors: m x m each.
        ModelMemory.ReclaimBefore(ModelMemory.TrailingSize(design), degree + 1);
        // The profile's constrained fits use the analytic gradient, which both trailing kinds have (the sparse kind's
        // from the selected inverse on L's pattern, Gradients/SparseGradient.cs), and read beta-hat and L_X through the
        // trailing reader, which reads both; so the profile runs on the kind a fit would choose.
        var model = new LinearMixedModel(design, new KernelOptions { TrailingFactor = options.TrailingFactor });
        if (fit.Method == EstimationMethod.REML)
        {
            ml = LmmFitter.Fit(model, new FitOptions { Method = EstimationMethod.ML }, fit.Theta, null, cancellationToken);
            evaluations += ml.Evaluations;
            // The walk needs no gradient: the ML refit's inverse and gradient buffers go before the workers' factors come.
            model.ReleaseGradientWorkspace();
            ModelMemory.ReclaimBefore(model.Factor.TrailingSize, degree - 1);
            notes.Add("The REML fit was refitted by ML and profiled on the ML deviance, as lme4's profile() does; zeta = 0 and each interval's Estimate are the ML estimates.");
        }

        var layout = new ThetaLayout(design.RandomTerms);
        var centreState = new ProfileState(ml.Theta.ToArray(), ml.Sigma, ml.FixedEffects.Select(f => f.Estimate).ToArray());
        var centres = new Dictionary<string, ProfileCentre>(StringComparer.Ordinal);
        var jobs = new List<(ProfileParameter Parameter, int Direction, int Index)>();
        foreach (var parameter in selected)
        {
            var (estimate, se) = EstimateOf(parameter, ml, layout);
            if (double.IsNaN(estimate))
                continue;
            var free = ConstrainedProblem.For(parameter, layout, ml.Sigma).FreeAt(centreState.Theta);
            centres[parameter.Name] = new ProfileCentre(estimate, ml.Objective, free, centreState, se);
            jobs.Add((parameter, -1, jobs.Count));
            jobs.Add((parameter, +1, jobs.Count));
        }

        var traces = new Trace[jobs.Count];
        var evaluators = new System.Collections.Concurrent.ConcurrentBag<ProfileEvaluator>();
        int pointsDone = 0, tracesDone = 0;
        // The first worker takes the profiler's own model (its factor would otherwise sit unused beside the workers'
        // for the whole profile); the others factor over its cross-product.
        LinearMixedModel? unclaimed = model;
        TraceWorkers.Run(jobs, degree,
            () =>
            {
                var evaluator = new ProfileEvaluator(Interlocked.Exchange(ref unclaimed, null) ?? model.SharingCrossProduct());
                evaluators.Add(evaluator);
                return evaluator;
            },
            (job, evaluator, token) =>
            {
                // The worker's model checks the trace's token inside each evaluation, not only between them.
                using var cancellation = evaluator.Model.CancelWith(token);
                var name = job.Parameter.Name;
                var walker = new ProfileWalker(ConstrainedProblem.For(job.Parameter, layout, ml.Sigma), evaluator, centres[name], threshold,
                    zetaStep, options.MaxPointsPerTrace,
                    point => progress?.Report(new ProfileProgress(name, point.Value, point.Zeta, Interlocked.Increment(ref pointsDone),
                        Volatile.Read(ref tracesDone), jobs.Count)),
                    token);
                var trace = walker.Walk(job.Direction);
                if (options.RefineLimits)
                    walker.Refine(trace, z);
                traces[job.Index] = trace;
                Interlocked.Increment(ref tracesDone);
            },
            cancellationToken);
        evaluations += evaluators.Sum(e => e.Evaluations);

        var points = new List<ProfilePoint>();
        var intervals = new List<ProfileInterval>();
        foreach (var parameter in selected)
        {
            if (!centres.TryGetValue(parameter.Name, out var centre))
            {
                intervals.Add(new ProfileInterval(parameter.Name, double.NaN, double.NaN, double.NaN, options.Level, "profile",
                    "the correlation is undefined at the estimate (a standard deviation is 0): not profiled"));
                continue;
            }
            var own = Enumerable.Range(0, jobs.Count).Where(i => jobs[i].Parameter.Name == parameter.Name).Select(i => traces[i]).ToList();
            var below = own.Single(t => t.Direction < 0);
            var above = own.Single(t => t.Direction > 0);
            var sorted = below.Points.Concat(above.Points)
                .Append(new TracePoint(centre.Estimate, 0.0, centre.MinimumDeviance, centre.Free, centre.State))
                .OrderBy(p => p.Value)
                .ToList();
            var distinct = sorted.Where((p, i) => i == 0 || p.Value != sorted[i - 1].Value).ToList();
            points.AddRange(distinct.Select(p => new ProfilePoint(parameter.Name, p.Value, p.Zeta, p.Deviance, p.State.Theta, p.State.Sigma, p.State.Beta)));
            intervals.Add(ProfileIntervals.Read(parameter, centre.Estimate, distinct, below, above, z, options.Level));
        }
        intervals.AddRange(WaldIntervals(fit, selected, z, options.Level));

        return new ProfileResult
        {
            FitMethod = fit.Method,
            Level = options.Level,
            MinimumDeviance = ml.Objective,
            Theta = ml.Theta.ToArray(),
            Points = points,
            Intervals = intervals,
            Notes = notes,
            Evaluations = evaluations,
            Elapsed = clock.Elapsed,
            TrailingFactor = model.Factor.Kind,
        };
    }

    /// <summary>Wald intervals of the selected fixed effects from the fit as given (its own method's standard errors), as
    /// lme4's confint(method = "Wald").</summary>
    internal static IEnumerable<ProfileInterval> WaldIntervals(FitResult fit, IEnumerable<ProfileParameter> selected, double z, double level)
    {
        foreach (var parameter in selected.Where(p => p.Kind == ProfileParameterKind.FixedEffect))
        {
            var estimate = fit.FixedEffects[parameter.FixedEffect];
            yield return new ProfileInterval(parameter.Name, estimate.Estimate, estimate.Estimate - z * estimate.StdError,
                estimate.Estimate + z * estimate.StdError, level, "Wald", "");
        }
    }

    internal static IReadOnlyList<ProfileParameter> Select(IReadOnlyList<ProfileParameter> catalog, IReadOnlyList<string>? names, string formula)
    {
        if (names is null)
            return catalog;
        foreach (var name in names)
        {
            if (!catalog.Any(p => p.Name == name))
                throw new LmmException("ParameterNotFound", LmmErrorCategory.ObjectNotFound,
                    $"Parameter '{name}' is not a parameter of '{formula}'. Parameters: {string.Join(", ", catalog.Select(p => p.Name))}.");
        }
        return catalog.Where(p => names.Contains(p.Name)).ToList();
    }

    /// <summary>The ML estimate of a parameter and a rough standard error that only sizes the first step:
    /// sigma / sqrt(2n) for sigma, SD / sqrt(2 levels) for an SD (sigma / sqrt(2 levels) at 0), (1 - rho^2) / sqrt(levels)
    /// for a correlation, the ML standard error for a fixed effect.</summary>
    private static (double Estimate, double SE) EstimateOf(ProfileParameter parameter, FitResult ml, ThetaLayout layout)
    {
        var design = ml.Design;
        switch (parameter.Kind)
        {
            case ProfileParameterKind.Sigma:
                return (ml.Sigma, ml.Sigma / Math.Sqrt(2.0 * design.RowCount));
            case ProfileParameterKind.FixedEffect:
                var fe = ml.FixedEffects[parameter.FixedEffect];
                return (fe.Estimate, fe.StdError);
        }
        int k = layout.Sizes[parameter.Term];
        var template = new double[k * k];
        layout.FillTemplate(ml.Theta.ToArray(), parameter.Term, template);
        double levels = design.RandomTerms[parameter.Term].LevelCount;
        if (parameter.Kind == ProfileParameterKind.StdDev)
        {
            double sd = ml.Sigma * SdCorScale.RowNorm(template, k, parameter.Row);
            return (sd, (sd > 0 ? sd : ml.Sigma) / Math.Sqrt(2.0 * levels));
        }
        double rho = SdCorScale.Correlation(template, k, parameter.Row, parameter.Column);
        return (rho, Math.Max(0.01, (1 - rho * rho) / Math.Sqrt(levels)));
    }
}
