using LmmPS.Core.Model;

namespace LmmPS.Core.Profiling;

/// <summary>A correlation of term j held at rho. A correlation does not depend on sigma, so sigma is profiled out;
/// the free variables are the other terms' theta, term j's relative SDs and its other correlations (lme4's sd/cor
/// scale for that term), and term j's template is rebuilt as chol(D R D). A correlation matrix that is not
/// positive semi-definite is +infinity, which the optimiser steps away from.</summary>
internal sealed class CorrelationProblem : ConstrainedProblem
{
    private readonly int _k;
    private readonly int _termOffset;
    private readonly int _termCount;
    private readonly int[] _otherTheta;
    private readonly (int Row, int Column)[] _otherPairs;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly double[] _theta;
    private readonly double[] _template;
    private readonly double[] _sds;
    private readonly double[] _correlation;

    public CorrelationProblem(ProfileParameter parameter, ThetaLayout layout)
        : base(parameter, layout)
    {
        _k = layout.Sizes[parameter.Term];
        _termOffset = layout.Offsets[parameter.Term];
        _termCount = _k * (_k + 1) / 2;
        _otherTheta = Enumerable.Range(0, layout.Count).Where(i => i < _termOffset || i >= _termOffset + _termCount).ToArray();
        var pairs = new List<(int, int)>();
        for (int c = 0; c < _k; c++)
            for (int r = c + 1; r < _k; r++)
                if (r != parameter.Row || c != parameter.Column)
                    pairs.Add((r, c));
        _otherPairs = pairs.ToArray();

        int count = _otherTheta.Length + _k + _otherPairs.Length;
        _lower = new double[count];
        _upper = new double[count];
        for (int i = 0; i < _otherTheta.Length; i++)
        {
            _lower[i] = layout.Lower[_otherTheta[i]];
            _upper[i] = double.PositiveInfinity;
        }
        for (int i = 0; i < _k; i++)
        {
            _lower[_otherTheta.Length + i] = 0.0;
            _upper[_otherTheta.Length + i] = double.PositiveInfinity;
        }
        for (int i = 0; i < _otherPairs.Length; i++)
        {
            _lower[_otherTheta.Length + _k + i] = -1.0;
            _upper[_otherTheta.Length + _k + i] = 1.0;
        }
        _theta = new double[layout.Count];
        _template = new double[_k * _k];
        _sds = new double[_k];
        _correlation = new double[_k * _k];
    }

    public override double[] Lower => _lower;

    public override double[] Upper => _upper;

    public override double[] FreeAt(IReadOnlyList<double> theta)
    {
        var free = new double[_lower.Length];
        for (int i = 0; i < _otherTheta.Length; i++)
            free[i] = theta[_otherTheta[i]];
        var t = theta.ToArray();
        Layout.FillTemplate(t, Parameter.Term, _template);
        for (int r = 0; r < _k; r++)
            free[_otherTheta.Length + r] = SdCorScale.RowNorm(_template, _k, r);
        for (int i = 0; i < _otherPairs.Length; i++)
        {
            double rho = SdCorScale.Correlation(_template, _k, _otherPairs[i].Row, _otherPairs[i].Column);
            free[_otherTheta.Length + _k + i] = double.IsNaN(rho) ? 0.0 : rho;
        }
        return free;
    }

    public override double Deviance(ProfileEvaluator evaluator, double value, double[] free)
    {
        if (!ThetaFrom(value, free) || !evaluator.Update(_theta))
            return double.PositiveInfinity;
        return ConstrainedDeviance.SigmaProfiled(evaluator, evaluator.Pwrss);
    }

    public override ProfileState State(ProfileEvaluator evaluator, double value, double[] free)
    {
        ThetaFrom(value, free);
        return new ProfileState((double[])_theta.Clone(), Math.Sqrt(evaluator.Pwrss / evaluator.N), evaluator.BetaHat());
    }

    private bool ThetaFrom(double value, double[] free)
    {
        for (int i = 0; i < _otherTheta.Length; i++)
            _theta[_otherTheta[i]] = free[i];
        for (int r = 0; r < _k; r++)
        {
            _sds[r] = free[_otherTheta.Length + r];
            for (int c = 0; c < _k; c++)
                _correlation[r * _k + c] = r == c ? 1.0 : 0.0;
        }
        void Set(int r, int c, double rho)
        {
            _correlation[r * _k + c] = rho;
            _correlation[c * _k + r] = rho;
        }
        Set(Parameter.Row, Parameter.Column, value);
        for (int i = 0; i < _otherPairs.Length; i++)
            Set(_otherPairs[i].Row, _otherPairs[i].Column, free[_otherTheta.Length + _k + i]);
        if (!SdCorScale.TemplateFrom(_sds, _correlation, _k, _template))
            return false;
        int idx = _termOffset;
        for (int c = 0; c < _k; c++)
            for (int r = c; r < _k; r++)
                _theta[idx++] = _template[c * _k + r];
        return true;
    }
}
