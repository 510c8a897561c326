namespace LmmPS.Core.Optimizers;

/// <summary>The state of one BOBYQA minimisation: interpolation points, their values, the model and the radii.
/// The main loop follows the structure of Powell's paper: trust-region steps while they succeed; when a step fails
/// or is too short, either a geometry step that replaces a far-away point, or a reduction of rho.</summary>
internal sealed class BobyqaRun
{
    /// <summary>How many times shorter steps are tried along an axis where the objective is not finite.</summary>
    private const int InitialRetries = 8;

    /// <summary>Factor for those retries; not 1/2, so that a shortened step of 2 rho never equals one of rho.</summary>
    private const double RetryShrink = 0.45;

    private readonly CountingObjective objective;
    private readonly double[] start;
    private readonly double[] lower;
    private readonly double[] upper;
    private readonly double rhoEnd;
    private readonly int n;
    private readonly double[][] points;
    private readonly double[] values;
    private readonly double[] recentModelErrors = new double[3];
    private double rho;
    private double delta;
    private int kopt;
    private QuadraticModel model = null!;
    private InterpolationSystem system = null!;

    public BobyqaRun(CountingObjective objective, double[] start, double[] lower, double[] upper, OptimizerOptions options)
    {
        this.objective = objective;
        this.start = start;
        this.lower = lower;
        this.upper = upper;
        n = start.Length;
        points = new double[2 * n + 1][];
        values = new double[2 * n + 1];

        // Every variable needs room for two steps of length rho inside its bounds.
        double narrowest = double.PositiveInfinity;
        for (int i = 0; i < n; i++) narrowest = Math.Min(narrowest, upper[i] - lower[i]);
        rho = Math.Min(options.InitialStep, 0.5 * narrowest);
        rhoEnd = Math.Min(options.StepTolerance, rho);
        delta = rho;
    }

    private enum NextAction
    {
        TrustRegionStep,
        GeometryCheck,
        ReduceRho,
    }

    private double[] XOpt => points[kopt];

    private double FOpt => values[kopt];

    public OptimizerResult Execute()
    {
        var x0 = AdjustedStart();
        if (objective.BudgetExhausted) return objective.BudgetResult(start);
        double f0 = objective.Evaluate(x0);
        if (!CountingObjective.IsUsable(f0))
        {
            return objective.Result(start, false, "The objective is not finite at the start point; nothing to minimise from.");
        }

        model = new QuadraticModel(x0);
        string? failure = PlacePointsAround(x0, f0, rho);
        if (failure != null) return objective.Result(start, false, failure);

        int evaluationsAtRhoChange = objective.Evaluations;
        double ratio = 0;
        double stepNorm = 0;
        double farThreshold = 0;
        bool shortStep = false;
        TrustRegionStep? lastStep = null;
        var next = NextAction.TrustRegionStep;

        while (true)
        {
            switch (next)
            {
                case NextAction.TrustRegionStep:
                {
                    if (objective.BudgetExhausted) return objective.BudgetResult(start);
                    var step = BoxTrustRegionStep.Solve(model.Gradient, model.Hessian, delta, XOpt, lower, upper);
                    lastStep = step;
                    stepNorm = Math.Min(delta, step.Norm);
                    if (stepNorm < 0.5 * rho)
                    {
                        // Too short to be worth an evaluation: the model says we are near its minimum at this
                        // resolution. Reduce rho if the model has proved accurate, otherwise improve the points.
                        shortStep = true;
                        delta = 0.1 * delta;
                        if (delta <= 1.5 * rho) delta = rho;
                        farThreshold = 10 * rho;
                        next = objective.Evaluations <= evaluationsAtRhoChange + 2 || !ModelTrustedNear(step)
                            ? NextAction.GeometryCheck
                            : NextAction.ReduceRho;
                        break;
                    }

                    shortStep = false;
                    double fopt = FOpt;
                    double predicted = model.Value(step.Point) - model.Constant;
                    double fnew = objective.Evaluate(step.Point);
                    if (!CountingObjective.IsUsable(fnew))
                    {
                        // The model cannot interpolate +inf: treat it as a failed step and shrink the region.
                        ratio = -1;
                        delta = Math.Min(0.5 * delta, stepNorm);
                        if (delta <= 1.5 * rho) delta = rho;
                        farThreshold = Math.Max(2 * delta, 10 * rho);
                        next = NextAction.GeometryCheck;
                        break;
                    }

                    recentModelErrors[2] = recentModelErrors[1];
                    recentModelErrors[1] = recentModelErrors[0];
                    recentModelErrors[0] = Math.Abs(fnew - fopt - predicted);
                    ratio = predicted < 0 ? (fnew - fopt) / predicted : -1;
                    if (ratio <= 0.1) delta = Math.Min(0.5 * delta, stepNorm);
                    else if (ratio <= 0.7) delta = Math.Max(0.5 * delta, stepNorm);
                    else delta = Math.Max(0.5 * delta, 2 * stepNorm);
                    if (delta <= 1.5 * rho) delta = rho;

                    if (!AbsorbTrialPoint(step.Point, fnew)) return objective.Result(start, false, RebuildFailedMessage);
                    if (objective.BudgetExhausted) return objective.BudgetResult(start);
                    if (ratio >= 0.1)
                    {
                        next = NextAction.TrustRegionStep;
                        break;
                    }

                    farThreshold = Math.Max(2 * delta, 10 * rho);
                    next = NextAction.GeometryCheck;
                    break;
                }

                case NextAction.GeometryCheck:
                {
                    int far = FarthestPointBeyond(farThreshold, out double farDistance);
                    if (far < 0)
                    {
                        next = shortStep || (ratio <= 0 && Math.Max(delta, stepNorm) <= rho)
                            ? NextAction.ReduceRho
                            : NextAction.TrustRegionStep;
                        break;
                    }

                    if (shortStep)
                    {
                        delta = Math.Min(0.1 * delta, 0.5 * farDistance);
                        if (delta <= 1.5 * rho) delta = rho;
                    }

                    shortStep = false;
                    if (objective.BudgetExhausted) return objective.BudgetResult(start);
                    double radius = Math.Max(Math.Min(0.1 * farDistance, delta), rho);
                    var x = GeometryStep.Choose(system, far, points, kopt, lower, upper, radius);
                    double f = objective.Evaluate(x);
                    if (!CountingObjective.IsUsable(f))
                    {
                        // Retrying the same replacement would loop; move on to a finer resolution instead.
                        next = NextAction.ReduceRho;
                        break;
                    }

                    if (!ReplacePoint(far, x, f)) return objective.Result(start, false, RebuildFailedMessage);
                    next = NextAction.TrustRegionStep;
                    break;
                }

                default:
                {
                    if (rho > rhoEnd)
                    {
                        delta = 0.5 * rho;
                        double ratioToEnd = rho / rhoEnd;
                        rho = ratioToEnd <= 16 ? rhoEnd : ratioToEnd <= 250 ? Math.Sqrt(ratioToEnd) * rhoEnd : 0.1 * rho;
                        delta = Math.Max(delta, rho);
                        evaluationsAtRhoChange = objective.Evaluations;
                        next = NextAction.TrustRegionStep;
                        break;
                    }

                    // Powell evaluates the last, too short, step too: at the final resolution it may still gain.
                    if (shortStep && lastStep != null && lastStep.Norm > 0 && !objective.BudgetExhausted)
                    {
                        objective.Evaluate(lastStep.Point);
                    }

                    BoundSnap.Apply(objective, lower, upper, rhoEnd);
                    return objective.Result(start, true,
                        $"Converged: the trust-region radius reached StepTolerance = {rhoEnd:G3}.");
                }
            }
        }
    }

    private const string RebuildFailedMessage =
        "Stopped: the interpolation points became degenerate and could not be rebuilt; the result is the best point found.";

    /// <summary>Powell's test after a short step: the model is trusted when its recent errors are small next to
    /// the curvature at this resolution and, for variables on a bound, the gradient clearly pushes outward.</summary>
    private bool ModelTrustedNear(TrustRegionStep step)
    {
        double largestError = Math.Max(recentModelErrors[0], Math.Max(recentModelErrors[1], recentModelErrors[2]));
        if (step.MinCurvature > 0 && largestError > 0.125 * rho * rho * step.MinCurvature) return false;
        double tolerance = largestError / rho;
        for (int j = 0; j < n; j++)
        {
            double outwardSlope = tolerance;
            if (step.Point[j] == lower[j]) outwardSlope = model.Gradient[j];
            if (step.Point[j] == upper[j]) outwardSlope = -model.Gradient[j];
            if (outwardSlope < tolerance && outwardSlope + 0.5 * model.Hessian[j, j] * rho < tolerance) return false;
        }

        return true;
    }

    /// <summary>Powell's placement of the start: a variable within rho of a bound (but not on it) moves to rho
    /// from the bound, so that every initial step either stays on the bound or has full length.</summary>
    private double[] AdjustedStart()
    {
        var x0 = (double[])start.Clone();
        for (int i = 0; i < n; i++)
        {
            if (x0[i] - lower[i] <= rho) x0[i] = x0[i] == lower[i] ? lower[i] : lower[i] + rho;
            else if (upper[i] - x0[i] <= rho) x0[i] = x0[i] == upper[i] ? upper[i] : upper[i] - rho;
        }

        return x0;
    }

    /// <summary>Fills the interpolation set with center and two points along each axis at distance about radius
    /// (one each side, or both on the side away from a bound), then fits the model to them by least change.
    /// Returns a message when the objective is not finite anywhere tried along some axis.</summary>
    private string? PlacePointsAround(double[] center, double centerValue, double radius)
    {
        points[0] = (double[])center.Clone();
        values[0] = centerValue;
        for (int i = 0; i < n; i++)
        {
            double roomUp = upper[i] - center[i], roomDown = center[i] - lower[i];
            double first, second;
            if (roomUp >= radius)
            {
                first = radius;
                second = roomDown >= radius ? -radius : roomDown >= 0.5 * radius ? -roomDown : Math.Min(2 * radius, roomUp);
            }
            else
            {
                first = -radius;
                second = roomUp >= 0.5 * radius ? roomUp : -Math.Min(2 * radius, roomDown);
            }

            // Where the objective is not finite, try shorter steps and the other side: the two points of an axis
            // only need to be distinct and finite.
            var candidates = new List<double> { first, second };
            for (int retry = 1; retry <= InitialRetries; retry++)
            {
                double shrink = Math.Pow(RetryShrink, retry);
                foreach (double offset in new[] { first * shrink, second * shrink, -first * shrink })
                {
                    bool inBox = offset > 0 ? offset <= roomUp : -offset <= roomDown;
                    if (inBox && !candidates.Contains(offset)) candidates.Add(offset);
                }
            }

            int placed = 0;
            foreach (double offset in candidates)
            {
                if (placed == 2) break;
                if (objective.BudgetExhausted) return null;
                var y = (double[])center.Clone();
                y[i] = offset == roomUp ? upper[i] : offset == -roomDown ? lower[i] : center[i] + offset;
                double f = objective.Evaluate(y);
                if (!CountingObjective.IsUsable(f)) continue;
                int index = 1 + i + placed * n;
                points[index] = y;
                values[index] = f;
                placed++;
            }

            if (placed < 2)
            {
                return $"Stopped: the objective is not finite at enough points near the start along variable {i}.";
            }
        }

        kopt = 0;
        for (int k = 1; k < points.Length; k++) if (values[k] < values[kopt]) kopt = k;
        return RefitModel() ? null : RebuildFailedMessage;
    }

    /// <summary>Re-centres the model on the best point and corrects it by least change to interpolate all points.</summary>
    private bool RefitModel()
    {
        model.MoveCenter(XOpt);
        var built = InterpolationSystem.TryBuild(points, XOpt);
        if (built is null) return false;
        system = built;
        var residuals = new double[points.Length];
        for (int k = 0; k < points.Length; k++) residuals[k] = values[k] - model.Value(points[k]);
        system.AddLeastChangeCorrection(model, residuals);
        return true;
    }

    /// <summary>Puts an evaluated trust-region point into the set in place of the point whose removal keeps the
    /// system best conditioned (Powell's weighted denominators), never removing the best point unless the new
    /// one is better.</summary>
    private bool AbsorbTrialPoint(double[] x, double f)
    {
        bool improves = f < FOpt;
        var sigma = system.Denominators(x);
        // Distances count from the point that will be the best one after the replacement.
        double[] reference = improves ? x : XOpt;
        int chosen = -1;
        double bestScore = 0;
        for (int k = 0; k < points.Length; k++)
        {
            if (k == kopt && !improves) continue;
            double distSq = DistanceSquared(points[k], reference);
            double weight = Math.Max(1, distSq * distSq / (delta * delta * delta * delta));
            double score = weight * sigma[k];
            if (score > bestScore)
            {
                bestScore = score;
                chosen = k;
            }
        }

        // A non-positive denominator means any replacement would make the system singular; the new value is
        // dropped unless it is the best so far, in which case the set is rebuilt around it.
        if (chosen < 0) return improves ? RebuildAround(x, f) : true;
        return ReplacePoint(chosen, x, f);
    }

    private bool ReplacePoint(int k, double[] x, double f)
    {
        double[] oldPoint = points[k];
        double oldValue = values[k];
        int oldBest = kopt;
        points[k] = x;
        values[k] = f;
        if (f < FOpt || k == kopt)
        {
            kopt = 0;
            for (int j = 1; j < points.Length; j++) if (values[j] < values[kopt]) kopt = j;
        }

        if (RefitModel()) return true;

        // Undo and rebuild the set around the better of the old best point and the new one.
        points[k] = oldPoint;
        values[k] = oldValue;
        kopt = oldBest;
        return f < FOpt ? RebuildAround(x, f) : RebuildAround(XOpt, FOpt);
    }

    private bool RebuildAround(double[] center, double value)
    {
        var c = (double[])center.Clone();
        return PlacePointsAround(c, value, rho) == null || objective.BudgetExhausted;
    }

    private int FarthestPointBeyond(double threshold, out double distance)
    {
        int far = -1;
        double farthestSq = threshold * threshold;
        for (int k = 0; k < points.Length; k++)
        {
            double d2 = DistanceSquared(points[k], XOpt);
            if (d2 > farthestSq)
            {
                farthestSq = d2;
                far = k;
            }
        }

        distance = Math.Sqrt(farthestSq);
        return far;
    }

    private static double DistanceSquared(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return sum;
    }
}
