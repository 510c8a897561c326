namespace LmmPS;

/// <summary>One observation the fit used (Get-LmmResidual): lme4's fitted(), residuals() of each kind and
/// hatvalues(), so a residual plot is <c>Get-LmmResidual $fit | Select Fitted, ScaledResidual</c>.</summary>
public sealed class LmmResidual
{
    public LmmResidual(int row, double observed, double fitted, double residual, double pearsonResidual, double scaledResidual, double? leverage)
    {
        Row = row;
        Observed = observed;
        Fitted = fitted;
        Residual = residual;
        PearsonResidual = pearsonResidual;
        ScaledResidual = scaledResidual;
        Leverage = leverage;
    }

    /// <summary>1-based row of the data (header excluded); rows dropped for missing values are absent.</summary>
    public int Row { get; }

    /// <summary>The response y.</summary>
    public double Observed { get; }

    /// <summary>X beta-hat + Z b-hat (lme4's fitted()).</summary>
    public double Fitted { get; }

    /// <summary>Observed - Fitted (lme4's residuals(type = "response")).</summary>
    public double Residual { get; }

    /// <summary>lme4's residuals(type = "pearson"): sqrt(w)(Observed - Fitted) with the prior weights w (-Weights); for an
    /// unweighted LMM the response residual itself, not divided by sigma.</summary>
    public double PearsonResidual { get; }

    /// <summary>Residual / sigma (lme4's residuals(scaled = TRUE); summary()'s "Scaled residuals").</summary>
    public double ScaledResidual { get; }

    /// <summary>The diagonal of the penalised least-squares hat matrix (lme4's hatvalues()); null under a fixed-effect prior.</summary>
    public double? Leverage { get; }

    public override string ToString() => $"Row {Row}";
}
