namespace LmmPS;

/// <summary>One row of Compare-LmmFit's table, lme4's anova(m1, m2, ...): models sorted by number of parameters,
/// each tested against the row before it.</summary>
public sealed class LmmComparison
{
    public LmmComparison(string model, string formula, int parameters, double aic, double bic, double logLik, double deviance,
        double? chiSquare, int? df, double? pValue, bool refitted)
    {
        Model = model;
        Formula = formula;
        Parameters = parameters;
        AIC = aic;
        BIC = bic;
        LogLik = logLik;
        Deviance = deviance;
        ChiSquare = chiSquare;
        Df = df;
        PValue = pValue;
        Refitted = refitted;
    }

    /// <summary>m1, m2, ... in the order the fits were given.</summary>
    public string Model { get; }

    public string Formula { get; }

    /// <summary>lme4's npar: theta + fixed effects + sigma.</summary>
    public int Parameters { get; }

    public double AIC { get; }

    public double BIC { get; }

    /// <summary>The ML log-likelihood (after the ML refit of a REML fit).</summary>
    public double LogLik { get; }

    /// <summary>-2 LogLik.</summary>
    public double Deviance { get; }

    /// <summary>2 max(0, LogLik - LogLik of the row before); null on the first row.</summary>
    public double? ChiSquare { get; }

    /// <summary>Parameters - Parameters of the row before; null on the first row.</summary>
    public int? Df { get; }

    /// <summary>P(chi-square with Df degrees of freedom &gt; ChiSquare); null on the first row and where Df is 0.</summary>
    public double? PValue { get; }

    /// <summary>True when the model was fitted by REML and refitted by ML for this comparison.</summary>
    public bool Refitted { get; }

    public override string ToString() => $"{Model}: {Formula}";
}
