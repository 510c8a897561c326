using System.Diagnostics;
using LmmPS.Core.Common;
using LmmPS.Core.Design;
using LmmPS.Core.Fitting;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Core.Scaling;

namespace LmmPS.Core.Inference;

/// <summary>One refit of a simulated response: the statistics in <see cref="BootstrapResult.StatisticNames"/> order
/// (NaN where the refit failed, with <see cref="Error"/> saying why).</summary>
public sealed record BootstrapReplicate(int Index, double[] Statistics, double Objective, bool Converged, bool Singular, string? Error);

/// <summary>
/// lme4's bootMer(type = "parametric", use.u = FALSE): each replicate draws y* from the fitted model (new random effects
/// and new noise, <see cref="ResponseSimulator"/>), refits the same model from the fit's theta (a warm start on the
/// long-lived model, no new cross-product of Z) and records every fixed effect, sigma, and each term's SDs and
/// correlations (lme4's confint names). Replicate i draws from its own generator seeded by (seed, i), so the same seed
/// gives the same replicates whatever the number of threads. A refit that throws is recorded, not fatal.
/// </summary>
public static class ParametricBootstrap
{
    /// <summary>The statistics' names: fixed effects, <c>sigma</c>, then per term <c>sd_col|group</c> and
    /// <c>cor_row.col|group</c> in theta's order (lme4's confint(oldNames = FALSE)).</summary>
    public static IReadOnlyList<string> StatisticNames(FitResult fit)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        var names = new List<string>(fit.Design.FixedEffectNames) { "sigma" };
        foreach (var term in fit.Design.RandomTerms)
            for (int c = 0; c < term.ColumnCount; c++)
            {
                names.Add($"sd_{term.ColumnNames[c]}|{term.Group}");
                for (int r = c + 1; r < term.ColumnCount; r++)
                    names.Add($"cor_{term.ColumnNames[r]}.{term.ColumnNames[c]}|{term.Group}");
            }
        return names;
    }

    /// <summary>The statistics of one fit; a correlation next to an SD of exactly 0 is 0, as lme4 reports it.</summary>
    public static double[] Statistics(FitResult fit)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        return Statistics(fit.Design.RandomTerms, fit.FixedEffects.Select(f => f.Estimate).ToArray(), fit.Sigma, fit.VarianceComponents);
    }

    /// <summary>The statistics of a refit: its variance components formed from theta and sigma as a fit's are.</summary>
    private static double[] Statistics(LinearMixedModel model, RefitEstimate refit)
    {
        var terms = model.Design.RandomTerms;
        var components = new VarianceComponent[terms.Count];
        for (int t = 0; t < terms.Count; t++)
        {
            int k = terms[t].ColumnCount;
            var template = new double[k * k];
            model.Layout.FillTemplate(refit.Theta, t, template);
            components[t] = FitResultBuilder.Component(terms[t].Group, terms[t].ColumnNames, template, k, refit.Sigma);
        }
        return Statistics(terms, refit.Beta, refit.Sigma, components);
    }

    private static double[] Statistics(IReadOnlyList<RandomEffectsTerm> terms, double[] beta, double sigma, IReadOnlyList<VarianceComponent> components)
    {
        var values = new List<double>(beta) { sigma };
        for (int t = 0; t < terms.Count; t++)
        {
            var component = components[t];
            int k = terms[t].ColumnCount;
            for (int c = 0; c < k; c++)
            {
                values.Add(component.StdDev[c]);
                for (int r = c + 1; r < k; r++)
                {
                    double cor = component.Correlation[r, c];
                    values.Add(double.IsNaN(cor) ? 0.0 : cor);
                }
            }
        }
        return values.ToArray();
    }

    /// <summary>Runs <paramref name="replicates"/> refits on up to <paramref name="threads"/> threads.
    /// <paramref name="progress"/> receives the number of replicates finished.</summary>
    public static BootstrapResult Run(FitResult fit, int replicates, int seed, int threads, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        if (replicates < 1)
            throw new LmmException("InvalidReplicates", LmmErrorCategory.InvalidArgument, $"Replicates is {replicates}; it must be at least 1.");
        if (threads < 1)
            throw new LmmException("InvalidThrottleLimit", LmmErrorCategory.InvalidArgument, $"ThrottleLimit is {threads}; it must be at least 1.");
        if (fit.Prior is not null)
            throw new LmmException("BootstrapUnderPrior", LmmErrorCategory.NotImplemented,
                "The parametric bootstrap of a fit with a fixed-effect prior is not implemented; refit without the prior.");
        var clock = Stopwatch.StartNew();
        var names = StatisticNames(fit);
        var rows = new BootstrapReplicate[replicates];
        var options = new FitOptions { Method = fit.Method };
        // A badly scaled fit is refitted on the reparametrisation it was fitted on, and each refit mapped back.
        var space = RefitSpace.For(fit);
        // One model forms the cross-product of [Z X]; each worker factors over it (SharingCrossProduct) and gives its
        // own copy each simulated response (only y's row and column are formed again), with its own simulator buffers.
        // The workers already keep the cores busy: each one's dense kernels get the cores left per worker (one when
        // there are as many workers as cores), so that 2 workers x 2 kernel threads do not fight over 2 cores.
        var kernels = new KernelOptions { MaxThreads = Math.Max(1, Environment.ProcessorCount / threads) };
        var shared = new LinearMixedModel(space.Design, kernels);
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(0, replicates, parallel,
            () => (Model: shared.SharingCrossProduct(), Simulator: new ResponseSimulator(space.Design, space.Theta, space.Beta, space.Sigma)),
            (i, _, worker) =>
            {
                rows[i] = Replicate(space, worker.Model, worker.Simulator, options, names.Count, seed, i, cancellationToken);
                progress?.Report(Interlocked.Increment(ref done));
                return worker;
            }, _ => { });
        return new BootstrapResult(names, Statistics(fit), rows, seed, clock.Elapsed);
    }

    /// <summary>Replicate <paramref name="index"/>: y* from its own generator, then the light refit from the fit's theta
    /// (<see cref="LmmFitter.Refit"/>: the same optimum as a full fit from there, read without a FitResult).</summary>
    private static BootstrapReplicate Replicate(RefitSpace space, LinearMixedModel model, ResponseSimulator simulator, FitOptions options,
        int count, int seed, int index, CancellationToken cancellationToken)
    {
        try
        {
            model.SetResponse(simulator.Simulate(new Random(ReplicateSeed(seed, index))));
            var refit = space.ToOriginal(LmmFitter.Refit(model, options, space.Theta, cancellationToken), model);
            return new BootstrapReplicate(index + 1, Statistics(model, refit), refit.Objective, refit.Converged, refit.Singular, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new BootstrapReplicate(index + 1, Enumerable.Repeat(double.NaN, count).ToArray(), double.NaN, false, false, e.Message);
        }
    }

    /// <summary>A generator seed for replicate <paramref name="index"/>: SplitMix64's finalizer of (seed, index), so
    /// neighbouring replicates get unrelated streams.</summary>
    internal static int ReplicateSeed(int seed, int index)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32) + (ulong)(uint)index + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
