using LmmPS.Core.Model;

namespace LmmPS.Core.Profiling;

/// <summary>A random-effect SD held at v: sigma ||row r of T_j|| = v. lme4 minimises devfun2 over sigma and the
/// other SDs and correlations. Every (theta, sigma) on the constraint with a non-zero row has sigma = v / ||row||,
/// so minimising d(theta, v / ||row r of T_j(theta)||) over all of theta is the same minimum. At v = 0 the row
/// must vanish: its theta elements are pinned at 0 and sigma is profiled out as usual.</summary>
internal sealed class StdDevProblem : ThetaProblem
{
    private readonly int[] _rowIndices;
    private readonly double[] _template;
    private readonly int _k;
    private readonly double _sigmaHint;

    public StdDevProblem(ProfileParameter parameter, ThetaLayout layout, double sigmaHint)
        : base(parameter, layout)
    {
        _sigmaHint = sigmaHint;
        _k = layout.Sizes[parameter.Term];
        _template = new double[_k * _k];
        // Theta holds the template column by column; row r meets columns 0..r.
        var indices = new List<int>();
        int idx = layout.Offsets[parameter.Term];
        for (int c = 0; c < _k; c++)
            for (int r = c; r < _k; r++, idx++)
                if (r == parameter.Row)
                    indices.Add(idx);
        _rowIndices = indices.ToArray();
    }

    public override bool[]? Pinned(double value)
    {
        if (value != 0.0) return null;
        var pinned = new bool[Layout.Count];
        foreach (int i in _rowIndices) pinned[i] = true;
        return pinned;
    }

    public override void PinStart(double value, double[] free)
    {
        if (value == 0.0)
        {
            foreach (int i in _rowIndices) free[i] = 0.0;
            return;
        }
        // Walking up from an SD estimated at 0 the start row is zero, where sigma = v / 0 is undefined: start
        // instead on the diagonal element that gives sigma its value at the estimates.
        Layout.FillTemplate(free, Parameter.Term, _template);
        if (SdCorScale.RowNorm(_template, _k, Parameter.Row) == 0.0 && _sigmaHint > 0)
            free[_rowIndices[_rowIndices.Length - 1]] = value / _sigmaHint;
    }

    public override double Deviance(ProfileEvaluator evaluator, double value, double[] free)
    {
        if (!evaluator.Update(free))
            return double.PositiveInfinity;
        if (value == 0.0)
            return ConstrainedDeviance.SigmaProfiled(evaluator, evaluator.Pwrss);
        double sigma = SigmaAt(value, free);
        return sigma > 0 && !double.IsInfinity(sigma)
            ? ConstrainedDeviance.AtSigma(evaluator, sigma)
            : double.PositiveInfinity;
    }

    public override ProfileState State(ProfileEvaluator evaluator, double value, double[] free)
    {
        double sigma = value == 0.0 ? Math.Sqrt(evaluator.Pwrss / evaluator.N) : SigmaAt(value, free);
        return new ProfileState((double[])free.Clone(), sigma, evaluator.BetaHat());
    }

    private double SigmaAt(double value, double[] theta)
    {
        Layout.FillTemplate(theta, Parameter.Term, _template);
        double norm = SdCorScale.RowNorm(_template, _k, Parameter.Row);
        return norm > 0 ? value / norm : double.PositiveInfinity;
    }
}
