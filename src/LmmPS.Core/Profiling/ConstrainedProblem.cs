using LmmPS.Core.Model;

namespace LmmPS.Core.Profiling;

/// <summary>The minimisation behind one profile point: with the profiled parameter held at a value, the deviance as
/// a function of a vector of free variables that covers every other parameter exactly once. Subclasses choose the
/// free variables so that the minimum equals lme4's (devfun2 minimised over the sd/cor/sigma parameters it leaves
/// free, fixed effects profiled out) while the optimiser keeps working on theta where it can.</summary>
internal abstract class ConstrainedProblem
{
    protected ConstrainedProblem(ProfileParameter parameter, ThetaLayout layout)
    {
        Parameter = parameter;
        Layout = layout;
    }

    public ProfileParameter Parameter { get; }

    protected ThetaLayout Layout { get; }

    public abstract double[] Lower { get; }

    public abstract double[] Upper { get; }

    /// <summary>The free variables that represent <paramref name="theta"/> (the ML estimate, where walks start).</summary>
    public abstract double[] FreeAt(IReadOnlyList<double> theta);

    /// <summary>Free variables that cannot move at this value (they are set by <see cref="PinStart"/>); null for none.</summary>
    public virtual bool[]? Pinned(double value) => null;

    /// <summary>Sets the pinned variables of a start vector for this value.</summary>
    public virtual void PinStart(double value, double[] free)
    {
    }

    /// <summary>The ML deviance at (value, free); +infinity where it is not defined. Refactors the evaluator.</summary>
    public abstract double Deviance(ProfileEvaluator evaluator, double value, double[] free);

    /// <summary>theta, sigma and beta at (value, free); call right after <see cref="Deviance"/> at the same point.</summary>
    public abstract ProfileState State(ProfileEvaluator evaluator, double value, double[] free);

    /// <param name="parameter">The held parameter.</param>
    /// <param name="layout">Where each term's template lives in theta.</param>
    /// <param name="sigmaHint">sigma at the estimates: scales a start that would otherwise leave a held SD undefined.</param>
    public static ConstrainedProblem For(ProfileParameter parameter, ThetaLayout layout, double sigmaHint) => parameter.Kind switch
    {
        ProfileParameterKind.Sigma => new SigmaProblem(parameter, layout),
        ProfileParameterKind.StdDev => new StdDevProblem(parameter, layout, sigmaHint),
        ProfileParameterKind.Correlation => new CorrelationProblem(parameter, layout),
        _ => new FixedEffectProblem(parameter, layout),
    };
}

/// <summary>Problems whose free variables are theta itself: the optimiser sees the same space as in the fit.</summary>
internal abstract class ThetaProblem : ConstrainedProblem
{
    private readonly double[] _upper;

    protected ThetaProblem(ProfileParameter parameter, ThetaLayout layout)
        : base(parameter, layout)
    {
        _upper = Enumerable.Repeat(double.PositiveInfinity, layout.Count).ToArray();
    }

    public override double[] Lower => Layout.Lower;

    public override double[] Upper => _upper;

    public override double[] FreeAt(IReadOnlyList<double> theta) => theta.ToArray();
}
