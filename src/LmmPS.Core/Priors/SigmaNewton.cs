namespace LmmPS.Core.Priors;

/// <summary>Minimises a smooth f(sigma) over sigma > 0 by Newton's method on tau = log sigma, which keeps sigma
/// positive and makes the objective's n log sigma^2 + pwrss / sigma^2 shape nearly quadratic. Safeguards: the step is
/// capped at a factor e in sigma; a step that raises f is halved; where d2f/dtau2 is not positive the step goes
/// downhill by the cap instead; once a sign change of df/dtau has been seen, a step leaving that bracket is replaced
/// by bisection. Starting from the no-prior closed-form sigma it takes a handful of iterations.</summary>
internal static class SigmaNewton
{
    public const int MaxIterations = 100;

    /// <summary>A Newton step in log sigma (relative change in sigma) below this is the last one: Newton converges
    /// quadratically, so the error after it is ~ its square, far below rounding; iterating on would only chase
    /// rounding noise in df/dsigma.</summary>
    public const double Tolerance = 1e-9;

    /// <param name="evaluate">sigma -> (f, df/dsigma, d2f/dsigma2).</param>
    /// <param name="start">The first sigma (a non-positive or infinite value starts at 1).</param>
    /// <returns>The minimising sigma and the number of accepted steps.</returns>
    public static (double Sigma, int Iterations, bool Converged) Minimize(Func<double, (double F, double D1, double D2)> evaluate, double start)
    {
        if (!(start > 0) || double.IsInfinity(start)) start = 1.0;
        double tau = Math.Log(start);
        var (f, g1, g2) = InLog(evaluate, tau);
        double lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            if (g1 == 0) return (Math.Exp(tau), iteration - 1, true);
            if (g1 < 0) lo = Math.Max(lo, tau); else hi = Math.Min(hi, tau);
            double step = g2 > 0 ? -g1 / g2 : (g1 < 0 ? 1.0 : -1.0);
            if (Math.Abs(step) > 1.0) step = Math.Sign(step);
            double next = tau + step;
            if (g2 > 0 && Math.Abs(step) < Tolerance)
                return (Math.Exp(next), iteration, true);
            if (!double.IsInfinity(lo) && !double.IsInfinity(hi) && (next <= lo || next >= hi))
            {
                next = 0.5 * (lo + hi);
                step = next - tau;
            }
            // Halve until f does not rise beyond rounding; a step that cannot decrease f means we are at the minimum.
            double fNext = double.NaN, g1Next = 0, g2Next = 0;
            bool accepted = false;
            for (int halving = 0; halving < 60; halving++)
            {
                (fNext, g1Next, g2Next) = InLog(evaluate, next);
                if (!double.IsNaN(fNext) && fNext <= f + 1e-13 * Math.Abs(f))
                {
                    accepted = true;
                    break;
                }
                step *= 0.5;
                next = tau + step;
            }
            if (!accepted) return (Math.Exp(tau), iteration - 1, true);
            tau = next;
            (f, g1, g2) = (fNext, g1Next, g2Next);
            if (Math.Abs(step) < 1e-15) return (Math.Exp(tau), iteration, true);
        }
        return (Math.Exp(tau), MaxIterations, false);
    }

    /// <summary>f and its derivatives in tau = log sigma: df/dtau = sigma f', d2f/dtau2 = sigma f' + sigma^2 f''.</summary>
    private static (double F, double D1, double D2) InLog(Func<double, (double F, double D1, double D2)> evaluate, double tau)
    {
        double sigma = Math.Exp(tau);
        var (f, d1, d2) = evaluate(sigma);
        return (f, sigma * d1, sigma * d1 + sigma * sigma * d2);
    }
}
