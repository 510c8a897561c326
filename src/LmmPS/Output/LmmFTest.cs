namespace LmmPS;

/// <summary>An F test of L beta = 0: a row of lmerTest's Type III table (Term = the model term) or a joint contrast
/// test (Term = "Contrast"). For Kenward-Roger, F is the scaled statistic and FScaling = F / FUnscaled; MeanSq =
/// FUnscaled sigma^2 and SumSq = NumDF MeanSq, as lmerTest prints them.</summary>
public sealed class LmmFTest
{
    internal LmmFTest(string term, string method, double sumSq, double meanSq, int numDF, double denDF, double f, double pValue,
        double fUnscaled, double fScaling)
    {
        Term = term;
        Method = method;
        SumSq = sumSq;
        MeanSq = meanSq;
        NumDF = numDF;
        DenDF = denDF;
        F = f;
        PValue = pValue;
        FUnscaled = fUnscaled;
        FScaling = fScaling;
    }

    public string Term { get; }

    /// <summary>Satterthwaite or KenwardRoger.</summary>
    public string Method { get; }

    public double SumSq { get; }

    public double MeanSq { get; }

    public int NumDF { get; }

    public double DenDF { get; }

    public double F { get; }

    /// <summary>Pr(&gt;F).</summary>
    public double PValue { get; }

    public double FUnscaled { get; }

    public double FScaling { get; }
}
