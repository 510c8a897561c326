using LmmPS.Core.Fitting;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using LmmPS.Core.Scaling;
using MathNet.Numerics.Distributions;

namespace LmmPS.Core.Profiling;

/// <summary>
/// The profile of a badly scaled fit (<see cref="DesignScaling.IsNeeded"/>), walked on an exact reparametrisation of its
/// design and mapped back. The deviance of the scaled design is the original's plus a constant (ML: N log s_y^2), so a
/// parameter that is an increasing function of ONE scaled parameter has the same profile in either:
/// <list type="bullet">
/// <item>sigma = s_y sigma';</item>
/// <item>a fixed effect other than the intercept: beta_j = s_y beta'_j / s_j (centring X_j moves only the intercept);</item>
/// <item>the intercept: beta_int = s_y beta'_int + c_y, only when no other column was centred;</item>
/// <item>an SD of a random-effects column: SD_r = s_y M[r, r] SD'_r when row r of the term's map Lambda = M Lambda' is
/// diagonal; a correlation: unchanged when both of its rows are.</item>
/// </list>
/// <see cref="DesignScaling.ForCoordinates"/> centres and decorrelates only what is far from zero, so that most
/// parameters stay coordinates. A parameter that is not one (the intercept next to a centred column far from zero; the
/// SDs and correlations of a term's column far from zero) has no exact map: its profile on the design as given is what
/// lost the digits, so it is reported without limits and a note saying how to profile it (centre the column).
/// </summary>
internal static class ScaledProfile
{
    public static ProfileResult Profile(FitResult fit, ProfileOptions options, IProgress<ProfileProgress>? progress,
        CancellationToken cancellationToken)
    {
        var design = fit.Design;
        var catalog = ProfileParameterCatalog.For(design);
        var selected = LmmProfiler.Select(catalog, options.Parameters, design.Formula.Text);
        var scaling = DesignScaling.ForCoordinates(design);
        var maps = selected.ToDictionary(p => p.Name, p => MapOf(p, scaling), StringComparer.Ordinal);
        var mapped = selected.Where(p => maps[p.Name] is not null).ToList();

        // The fit again on the scaled design, from the fit's theta: its optimum is the original's, in scaled units.
        var model = new LinearMixedModel(scaling.Scaled, new KernelOptions { TrailingFactor = options.TrailingFactor });
        var scaledFit = LmmFitter.Fit(model, new FitOptions { Method = fit.Method }, scaling.ThetaToScaled(fit.Theta), null, cancellationToken);
        var inner = LmmProfiler.ProfileAsGiven(scaledFit, With(options, mapped.Select(p => p.Name).ToList()),
            progress is null ? null : new MappedProgress(progress, maps), cancellationToken);

        double shift = ScaledFit.ObjectiveShift(scaling, EstimationMethod.ML);
        var points = inner.Points.Select(p => new ProfilePoint(p.Parameter, maps[p.Parameter]!(p.Value), p.Zeta, p.Deviance + shift,
            scaling.ThetaToOriginal(p.Theta), scaling.YScale * p.Sigma, scaling.BetaToOriginal(p.Beta))).ToList();
        var profiled = inner.Intervals.Where(i => i.Method == "profile").ToDictionary(i => i.Parameter, StringComparer.Ordinal);
        double z = Normal.InvCDF(0.0, 1.0, 0.5 + options.Level / 2);
        var intervals = new List<ProfileInterval>();
        foreach (var parameter in selected)
        {
            var map = maps[parameter.Name];
            if (map is null)
                intervals.Add(new ProfileInterval(parameter.Name, double.NaN, double.NaN, double.NaN, options.Level, "profile",
                    NotACoordinate(parameter, scaling)));
            else
            {
                var i = profiled[parameter.Name];
                intervals.Add(i with { Estimate = map(i.Estimate), Lower = map(i.Lower), Upper = map(i.Upper) });
            }
        }
        intervals.AddRange(LmmProfiler.WaldIntervals(fit, selected, z, options.Level));

        var notes = inner.Notes.ToList();
        notes.Add("The predictors or the response are badly scaled or far from zero: the profile was walked on the exact " +
            "reparametrisation the fit used (columns centred or scaled) and every value mapped back.");
        return new ProfileResult
        {
            FitMethod = fit.Method,
            Level = options.Level,
            MinimumDeviance = inner.MinimumDeviance + shift,
            Theta = scaling.ThetaToOriginal(inner.Theta),
            Points = points,
            Intervals = intervals,
            Notes = notes,
            Evaluations = inner.Evaluations + scaledFit.Evaluations,
            Elapsed = inner.Elapsed,
            TrailingFactor = inner.TrailingFactor,
        };
    }

    /// <summary>The increasing map from the scaled parameter to the original one, or null when the original is not a
    /// function of one scaled parameter.</summary>
    internal static Func<double, double>? MapOf(ProfileParameter parameter, DesignScaling scaling)
    {
        double sy = scaling.YScale;
        switch (parameter.Kind)
        {
            case ProfileParameterKind.Sigma:
                return v => sy * v;
            case ProfileParameterKind.FixedEffect:
                int j = parameter.FixedEffect;
                if (j != scaling.Intercept)
                {
                    double s = scaling.FixedScale(j);
                    return v => sy * v / s;
                }
                if (scaling.CentresFixedEffects)
                    return null;
                double c = scaling.YCentre;
                return v => sy * v + c;
            case ProfileParameterKind.StdDev:
                if (!scaling.TermRowIsDiagonal(parameter.Term, parameter.Row))
                    return null;
                double m = scaling.TermMap(parameter.Term, parameter.Row, parameter.Row);
                return v => sy * m * v;
            default:
                return scaling.TermRowIsDiagonal(parameter.Term, parameter.Row) && scaling.TermRowIsDiagonal(parameter.Term, parameter.Column)
                    ? v => v
                    : null;
        }
    }

    private static string NotACoordinate(ProfileParameter parameter, DesignScaling scaling)
    {
        var design = scaling.Original;
        string far;
        if (parameter.Kind == ProfileParameterKind.FixedEffect)
            far = "the fixed-effect column(s) " + string.Join(", ",
                Enumerable.Range(0, design.FixedEffectCount).Where(scaling.IsCentred).Select(j => $"'{design.FixedEffectNames[j]}'")) +
                " lie far from zero";
        else
        {
            var term = design.RandomTerms[parameter.Term];
            far = $"the random-effects term ({string.Join(" + ", term.ColumnNames)} | {term.Group}) has a column far from zero";
        }
        return $"not profiled: {far}, so on the design as given this parameter's profile loses its digits, and it " +
            "is not a single parameter of the exact reparametrisation the fit used; centre those columns (subtract their mean) " +
            "and profile again";
    }

    private static ProfileOptions With(ProfileOptions options, IReadOnlyList<string> parameters) => new()
    {
        Level = options.Level,
        Threshold = options.Threshold,
        Parameters = parameters,
        MaxPointsPerTrace = options.MaxPointsPerTrace,
        MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        RefineLimits = options.RefineLimits,
        ZetaStep = options.ZetaStep,
        TrailingFactor = options.TrailingFactor,
    };

    private sealed class MappedProgress(IProgress<ProfileProgress> inner, IReadOnlyDictionary<string, Func<double, double>?> maps)
        : IProgress<ProfileProgress>
    {
        public void Report(ProfileProgress value) => inner.Report(value with { Value = maps[value.Parameter]!(value.Value) });
    }
}
