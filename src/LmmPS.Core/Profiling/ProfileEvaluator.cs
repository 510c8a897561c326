using LmmPS.Core.Model;

namespace LmmPS.Core.Profiling;

/// <summary>One worker's model (LinearMixedModel is not thread-safe) with read access to the pieces of its factor
/// that the constrained deviances need: pwrss, ldL2, beta-hat(theta) and columns of (L_X L_X')^-1.</summary>
internal sealed class ProfileEvaluator
{
    private readonly LinearMixedModel _model;
    private readonly double[] _work;

    public ProfileEvaluator(LinearMixedModel model)
    {
        _model = model;
        N = model.Design.RowCount;
        P = model.Design.FixedEffectCount;
        _work = new double[P];
    }

    public int N { get; }

    /// <summary>sum log w of the model's prior weights (0 without).</summary>
    public double SumLogWeights => _model.SumLogWeights;

    public int P { get; }

    internal LinearMixedModel Model => _model;

    /// <summary>Objective evaluations so far (each <see cref="Update"/> is one).</summary>
    public int Evaluations { get; private set; }

    /// <summary>Refactors at theta; false where the fixed-effects part is not positive definite.</summary>
    public bool Update(double[] theta)
    {
        Evaluations++;
        return _model.Factor.Update(theta);
    }

    public double Pwrss => _model.Factor.PenalizedRss();

    public double LogDetLZSquared => _model.Factor.LogDetLZSquared();

    /// <summary>beta-hat(theta) = L_X^-T l_yX, from the y row of the trailing factor.</summary>
    public double[] BetaHat()
    {
        var trailing = new TrailingReader(_model.Factor);
        var beta = new double[P];
        for (int t = 0; t < P; t++)
            beta[t] = trailing.ResponseX(t);
        trailing.SolveFixedTransposed(beta);
        return beta;
    }

    /// <summary>Column j of V = (L_X L_X')^-1 into <paramref name="column"/>; returns V_jj = ||L_X^-1 e_j||^2.</summary>
    public double VarianceColumn(int j, double[] column)
    {
        var trailing = new TrailingReader(_model.Factor);
        // w = L_X^-1 e_j by forward substitution (w is zero above j).
        var w = _work;
        Array.Clear(w, 0, P);
        w[j] = 1.0;
        trailing.SolveFixedFrom(j, w);
        double vjj = 0.0;
        for (int r = j; r < P; r++)
            vjj += w[r] * w[r];
        // V e_j = L_X^-T w.
        Array.Copy(w, column, P);
        trailing.SolveFixedTransposed(column);
        return vjj;
    }
}
