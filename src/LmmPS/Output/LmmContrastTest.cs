namespace LmmPS;

/// <summary>A t test of one contrast l'beta = 0 (lmerTest's contest(joint = FALSE)), with its 95% interval
/// Estimate -/+ qt(0.975, DF) StdError.</summary>
public sealed class LmmContrastTest
{
    internal LmmContrastTest(int index, double[] contrast, string method, double estimate, double stdError, double df, double tValue,
        double pValue, double lower, double upper)
    {
        Index = index;
        Contrast = contrast;
        Method = method;
        Estimate = estimate;
        StdError = stdError;
        DF = df;
        TValue = tValue;
        PValue = pValue;
        Lower95 = lower;
        Upper95 = upper;
    }

    /// <summary>1-based row of the contrast matrix.</summary>
    public int Index { get; }

    /// <summary>The weights over the fixed effects.</summary>
    public double[] Contrast { get; }

    /// <summary>Satterthwaite or KenwardRoger.</summary>
    public string Method { get; }

    public double Estimate { get; }

    public double StdError { get; }

    public double DF { get; }

    public double TValue { get; }

    public double PValue { get; }

    public double Lower95 { get; }

    public double Upper95 { get; }
}
