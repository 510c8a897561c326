namespace LmmPS.Core.Profiling;

/// <summary>Walks one side of a parameter's profile. Each step aims at the next multiple of the zeta step, using the secant
/// through the last two points (so it adapts to the curvature), grows at most tenfold per step (lme4's maxmult),
/// stops at the threshold, at the parameter's bound (evaluating the bound itself) or after the point limit. Each
/// point's optimisation starts from the previous free vector extrapolated along the last step. Then the interval
/// limit on this side is refined by evaluating the profile at the interpolated limit.</summary>
internal sealed class ProfileWalker
{
    private const double MaxGrowth = 10.0;
    private const int OvershootRetries = 4;
    private const double RefineTolerance = 2e-3;
    private const int RefineRounds = 3;
    private const int RepairPasses = 3;

    /// <summary>How close a walk comes to a correlation's bound by halving steps before it evaluates the bound itself.</summary>
    private const double BoundGap = 1e-4;

    /// <summary>How often a point that cannot be evaluated is retried halfway back towards the last good point.</summary>
    private const int FailureHalvings = 4;

    /// <summary>A fall in |zeta| outward smaller than this is left alone: well under the
    /// <see cref="ProfileIntervals.MonotoneTolerance"/> at which an interval limit becomes unreadable.</summary>
    private const double RepairTolerance = ProfileIntervals.MonotoneTolerance / 10;

    private readonly ConstrainedProblem _problem;
    private readonly ProfileEvaluator _evaluator;
    private readonly ProfileCentre _centre;
    private readonly TracePoint _centrePoint;
    private readonly double _threshold;
    private readonly double _zetaStep;
    private readonly int _maxPoints;
    private readonly Action<TracePoint> _onPoint;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Set once a correlation's bound failed or jumped past the threshold: the walk then approaches it by halving.</summary>
    private bool _approachBound;

    public ProfileWalker(ConstrainedProblem problem, ProfileEvaluator evaluator, ProfileCentre centre, double threshold,
        double zetaStep, int maxPoints, Action<TracePoint> onPoint, CancellationToken cancellationToken)
    {
        _problem = problem;
        _evaluator = evaluator;
        _centre = centre;
        _centrePoint = new TracePoint(centre.Estimate, 0.0, centre.MinimumDeviance, centre.Free, centre.State);
        _threshold = threshold;
        _zetaStep = zetaStep;
        _maxPoints = maxPoints;
        _onPoint = onPoint;
        _cancellationToken = cancellationToken;
    }

    private ProfileParameter Parameter => _problem.Parameter;

    /// <summary>Walks one side, then repairs points stuck in a local minimum (see <see cref="Repair"/>).</summary>
    public Trace Walk(int direction)
    {
        var trace = WalkPoints(direction);
        Repair(trace);
        return trace;
    }

    private Trace WalkPoints(int direction)
    {
        var trace = new Trace(Parameter, direction);
        double bound = direction > 0 ? Parameter.Upper : Parameter.Lower;
        double estimate = _centre.Estimate;
        if (estimate == bound)
        {
            trace.HitBound = true;
            return trace;
        }

        // First point: a step of zetaStep approximate SEs; if zeta overshoots badly, pull back (the point is kept).
        double x = Clamp(estimate + direction * _zetaStep * _centre.ApproximateSE, bound, direction);
        var last = Evaluate(x, _centrePoint, null, trace);
        for (int retry = 0; retry < OvershootRetries && last is not null && Math.Abs(last.Zeta) > 1.5 * _zetaStep && last.Value != bound; retry++)
        {
            trace.Points.Add(last);
            x = estimate + (last.Value - estimate) * _zetaStep / Math.Abs(last.Zeta);
            last = Evaluate(x, _centrePoint, null, trace);
        }
        if (last is null)
            return trace;
        trace.Points.Add(last);
        var previous = _centrePoint;

        while (true)
        {
            if (Math.Abs(last.Zeta) >= _threshold)
            {
                trace.ReachedThreshold = true;
                break;
            }
            if (last.Value == bound)
            {
                trace.HitBound = true;
                break;
            }
            if (trace.Points.Count >= _maxPoints)
            {
                trace.StoppedEarly = $"the trace stopped after {_maxPoints} points at {Format(last.Value)} with zeta = {Format(last.Zeta)}";
                break;
            }
            double dx = Math.Abs(last.Value - previous.Value);
            double dzeta = direction * (last.Zeta - previous.Zeta);
            // Aim at the next multiple of the zeta step: with the default step (z / 3) one point lands on the
            // interval limit itself, and refining it is then rarely needed.
            double reached = Math.Abs(last.Zeta);
            double aim = (Math.Floor(reached / _zetaStep + 0.5) + 1) * _zetaStep - reached;
            double step = dzeta > 1e-12 ? Math.Min(aim * dx / dzeta, MaxGrowth * dx) : 2.0 * dx;
            step = Math.Max(step, 1e-10 * Math.Max(1.0, Math.Abs(last.Value)));
            var next = EvaluateStep(Clamp(last.Value + direction * step, bound, direction), last, previous, trace, bound);
            if (next is null)
                break;
            trace.Points.Add(next);
            previous = last;
            last = next;
        }
        return trace;
    }

    /// <summary>One outward step. A correlation's bound +-1 makes its term's covariance singular: there the deviance
    /// may not be evaluable, or jump (Machines, (0 + Machine | Worker): every upper walk reached 0.91-0.95 at zeta
    /// 1.7-1.9, then a step of up to tenfold growth landed on 1, which failed (limit NaN) or gave zeta 7 (a spline
    /// through it put the limit at 0.918 instead of 0.922)). A step that lands on a correlation's bound keeps the bound
    /// when it evaluates with zeta below the threshold (Orthodont reaches -1 at zeta -1.96, the limit is the bound);
    /// otherwise the bound is dropped for this walk and each step goes half the remaining way, until the gap is below
    /// <see cref="BoundGap"/>; only then is the bound tried again. A point that cannot be evaluated is retried halfway
    /// back towards the last good one (<see cref="FailureHalvings"/> times); the bound failing again after the approach
    /// means the walk is at the bound (its limit is then reported as the bound, with a note).</summary>
    private TracePoint? EvaluateStep(double candidate, TracePoint last, TracePoint previous, Trace trace, double bound)
    {
        if (Parameter.Kind == ProfileParameterKind.Correlation && candidate == bound && Math.Abs(bound - last.Value) > BoundGap)
        {
            if (!_approachBound)
            {
                string? before = trace.StoppedEarly;
                var atBound = Evaluate(bound, last, previous, trace);
                trace.StoppedEarly = before;
                if (atBound is not null && Math.Abs(atBound.Zeta) < _threshold)
                    return atBound;
                _approachBound = true;
            }
            candidate = last.Value + (bound - last.Value) / 2;
        }
        for (int attempt = 0; ; attempt++)
        {
            string? stopped = trace.StoppedEarly;
            var point = Evaluate(candidate, last, previous, trace);
            if (point is not null)
                return point;
            if (candidate == bound && Math.Abs(bound - last.Value) <= BoundGap)
            {
                trace.StoppedEarly = stopped;
                trace.HitBound = true;
                return null;
            }
            if (attempt == FailureHalvings)
                return null;
            trace.StoppedEarly = stopped;
            candidate = last.Value + (candidate - last.Value) / 2;
        }
    }

    /// <summary>Evaluates the profile at the interpolated crossing of zeta = direction * z on this side, up to
    /// <see cref="RefineRounds"/> times, so the interval limit rests on an exact point.</summary>
    public void Refine(Trace trace, double z)
    {
        int before = trace.Points.Count;
        RefinePoints(trace, z);
        if (trace.Points.Count > before)
            Repair(trace);
    }

    /// <summary>The profiled deviance cannot fall as the held value moves away from the estimate when the point
    /// further out is a feasible start for the one further in (it is, up to the held value, and a held value
    /// that makes the deviance independent of the others, such as any correlation of a term whose SD is 0,
    /// keeps that deviance reachable). A point whose deviance exceeds that of a point further out therefore
    /// stopped in a local minimum (Orthodont: cor -0.849 stayed at sd_age > 0 with deviance 429.07 while cor -1
    /// found sd_age = 0 at 428.64). Each such point is re-optimised from the free vector of the lowest point
    /// further out, keeping the lower of the two; this costs nothing on a trace that is already monotone.</summary>
    internal void Repair(Trace trace)
    {
        double estimate = _centre.Estimate;
        for (int pass = 0; pass < RepairPasses; pass++)
        {
            var outward = trace.Points.OrderBy(p => trace.Direction * (p.Value - estimate)).ToList();
            bool changed = false;
            TracePoint? lowestFurther = null;
            for (int i = outward.Count - 1; i >= 0; i--)
            {
                var point = outward[i];
                if (lowestFurther is not null && point.Value != lowestFurther.Value
                    && Math.Abs(point.Zeta) > Math.Abs(lowestFurther.Zeta) + RepairTolerance)
                {
                    // A retry that cannot be evaluated leaves the point as it was, not the trace stopped.
                    string? stopped = trace.StoppedEarly;
                    var retry = Evaluate(point.Value, lowestFurther, null, trace);
                    trace.StoppedEarly = stopped;
                    if (retry is not null && retry.Deviance < point.Deviance)
                    {
                        trace.Points[trace.Points.IndexOf(point)] = retry;
                        point = retry;
                        changed = true;
                    }
                }
                if (lowestFurther is null || point.Deviance < lowestFurther.Deviance)
                    lowestFurther = point;
            }
            if (!changed)
                return;
        }
    }

    private void RefinePoints(Trace trace, double z)
    {
        double target = trace.Direction * z;
        for (int round = 0; round < RefineRounds; round++)
        {
            var side = trace.Points.Append(_centrePoint).OrderBy(p => p.Value).ToList();
            if (!side.Any(p => trace.Direction * p.Zeta >= z))
                return;
            var (xs, zs) = Monotone(side);
            if (xs is null)
                return;
            double x = new MonotoneCubic(xs, zs!).Inverse(target);
            if (double.IsNaN(x))
                return;
            if (side.Any(p => Math.Abs(p.Zeta - target) <= RefineTolerance || p.Value == x))
                return;
            var near = side.OrderBy(p => Math.Abs(p.Value - x)).ToList();
            var from = near[0];
            var point = Evaluate(x, from, near.Count > 1 ? near[1] : null, trace);
            if (point is null)
                return;
            trace.Points.Add(point);
            if (Math.Abs(point.Zeta - target) <= RefineTolerance)
                return;
        }
    }

    /// <summary>Sorted knots and zeta values with distinct knots, or null when zeta decreases by more than noise.</summary>
    internal static (double[]? X, double[]? Zeta) Monotone(IReadOnlyList<TracePoint> sorted)
    {
        var xs = new List<double>();
        var zs = new List<double>();
        foreach (var p in sorted)
        {
            if (xs.Count > 0 && p.Value == xs[xs.Count - 1])
                continue;
            if (zs.Count > 0 && p.Zeta < zs[zs.Count - 1])
            {
                if (p.Zeta < zs[zs.Count - 1] - ProfileIntervals.MonotoneTolerance)
                    return (null, null);
                zs.Add(zs[zs.Count - 1]);
            }
            else
            {
                zs.Add(p.Zeta);
            }
            xs.Add(p.Value);
        }
        return xs.Count < 2 ? (null, null) : (xs.ToArray(), zs.ToArray());
    }

    private TracePoint? Evaluate(double value, TracePoint from, TracePoint? before, Trace trace)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var start = (double[])from.Free.Clone();
        double initialStep = 0.02;
        if (before is not null && from.Value != before.Value)
        {
            // Extrapolate the free variables along the last step: near-linear paths then need little optimising.
            double ratio = (value - from.Value) / (from.Value - before.Value);
            double norm = 0.0;
            for (int i = 0; i < start.Length; i++)
            {
                double d = (from.Free[i] - before.Free[i]) * ratio;
                if (double.IsNaN(d) || double.IsInfinity(d)) continue;
                start[i] += d;
                norm += d * d;
            }
            initialStep = Math.Min(0.05, Math.Max(1e-4, 0.2 * Math.Sqrt(norm)));
        }
        var (free, deviance, state) = ConstrainedMinimizer.Minimize(_problem, _evaluator, value, start, initialStep, _cancellationToken);
        if (state is null || double.IsNaN(deviance) || double.IsInfinity(deviance))
        {
            trace.StoppedEarly = $"the deviance could not be evaluated at {Format(value)}";
            return null;
        }
        double increase = deviance - _centre.MinimumDeviance;
        if (increase < 0)
            trace.DevianceBelowMinimum = Math.Max(trace.DevianceBelowMinimum, -increase);
        double zeta = Math.Sign(value - _centre.Estimate) * Math.Sqrt(Math.Max(0.0, increase));
        var point = new TracePoint(value, zeta, deviance, free, state);
        _onPoint(point);
        return point;
    }

    private static double Clamp(double x, double bound, int direction) =>
        direction > 0 ? Math.Min(x, bound) : Math.Max(x, bound);

    private static string Format(double x) => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
