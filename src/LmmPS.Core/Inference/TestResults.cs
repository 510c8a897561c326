namespace LmmPS.Core.Inference;

/// <summary>A t test of one coefficient (lmerTest's summary row): Estimate / StdError against t with DF degrees of freedom.</summary>
public sealed record CoefficientTest(string Name, double Estimate, double StdError, double DF, double TValue, double PValue);

/// <summary>A t test of one contrast l'beta (lmerTest's contest(joint = FALSE)) with its 95% interval.</summary>
public sealed record ContrastTest(IReadOnlyList<double> Contrast, double Estimate, double StdError, double DF, double TValue,
    double PValue, double Lower95, double Upper95);

/// <summary>An F test of L beta = 0 (a Type III row or a joint contrast): lmerTest's columns. For Kenward-Roger F is the
/// scaled statistic, FUnscaled the Wald F with the adjusted covariance and FScaling = F / FUnscaled (1 for Satterthwaite);
/// MeanSq = FUnscaled sigma^2, SumSq = NumDF MeanSq.</summary>
public sealed record FTest(string Term, double SumSq, double MeanSq, int NumDF, double DenDF, double F, double PValue,
    double FUnscaled, double FScaling);

/// <summary>The hypothesis matrix of one model term (rows over the fixed-effect columns).</summary>
public sealed record TermHypothesis(string Term, double[,] L);
