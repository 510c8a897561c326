using LmmPS.Core.Fitting;
using LmmPS.Core.Prediction;

namespace LmmPS.Core.Diagnostics;

/// <summary>Per observation the fit used: fitted values and lme4's three residual kinds. For an unweighted LMM
/// lme4's Pearson residual is sqrt(w)(y - mu) with w = 1, i.e. the response residual itself (NOT divided by sigma;
/// nlme differs); the scaled residual is (y - mu) / sigma.</summary>
public sealed class Residuals
{
    private Residuals(int[] rows, double[] observed, double[] fitted, double sigma)
    {
        Rows = rows;
        Observed = observed;
        Fitted = fitted;
        Response = new double[fitted.Length];
        Scaled = new double[fitted.Length];
        for (int i = 0; i < fitted.Length; i++)
        {
            Response[i] = observed[i] - fitted[i];
            Scaled[i] = Response[i] / sigma;
        }
    }

    /// <summary>0-based data row of each observation (the design's RowsUsed).</summary>
    public int[] Rows { get; }

    public double[] Observed { get; }

    /// <summary>X beta-hat + Z b-hat (lme4's fitted()).</summary>
    public double[] Fitted { get; }

    /// <summary>y - fitted (lme4's residuals(type = "response")).</summary>
    public double[] Response { get; }

    /// <summary>lme4's residuals(type = "pearson") for an unweighted LMM: equal to <see cref="Response"/>.</summary>
    public double[] Pearson => Response;

    /// <summary>(y - fitted) / sigma (lme4's residuals(scaled = TRUE)).</summary>
    public double[] Scaled { get; }

    public static Residuals Compute(FitResult fit)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        // The design's response is y - offset (what lme4 fits); the observed y adds the offset back, as fitted values do.
        var observed = LinearPredictor.AddOffset((double[])fit.Design.Response.Clone(), fit.Design.Offset);
        return new Residuals(fit.Design.RowsUsed, observed, LinearPredictor.Fitted(fit), fit.Sigma);
    }
}
