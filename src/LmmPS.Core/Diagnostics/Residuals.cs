using LmmPS.Core.Fitting;
using LmmPS.Core.Prediction;

namespace LmmPS.Core.Diagnostics;

/// <summary>Per observation the fit used: fitted values and lme4's three residual kinds. lme4's Pearson residual is
/// sqrt(w)(y - mu) with the prior weights w (w = 1 without: the response residual itself; NOT divided by sigma, nlme
/// differs); the scaled residual is (y - mu) / sigma, also with weights (lme4 1.1-31 scales the response residual).</summary>
public sealed class Residuals
{
    private Residuals(int[] rows, double[] observed, double[] fitted, double sigma, double[]? weights)
    {
        Rows = rows;
        Observed = observed;
        Fitted = fitted;
        Response = new double[fitted.Length];
        Scaled = new double[fitted.Length];
        for (int i = 0; i < fitted.Length; i++)
            Response[i] = observed[i] - fitted[i];
        if (weights is null)
        {
            Pearson = Response;
        }
        else
        {
            // Var(e_i) = sigma^2 / w_i: sqrt(w_i)(y_i - mu_i) has variance sigma^2 for every row.
            Pearson = new double[fitted.Length];
            for (int i = 0; i < fitted.Length; i++)
                Pearson[i] = Math.Sqrt(weights[i]) * Response[i];
        }
        // lme4's residuals(scaled = TRUE) divides its default (response) residual by sigma, weights or not.
        for (int i = 0; i < fitted.Length; i++)
            Scaled[i] = Response[i] / sigma;
    }

    /// <summary>0-based data row of each observation (the design's RowsUsed).</summary>
    public int[] Rows { get; }

    public double[] Observed { get; }

    /// <summary>X beta-hat + Z b-hat (lme4's fitted()).</summary>
    public double[] Fitted { get; }

    /// <summary>y - fitted (lme4's residuals(type = "response")).</summary>
    public double[] Response { get; }

    /// <summary>lme4's residuals(type = "pearson"): sqrt(w)(y - fitted) with the prior weights w; without weights
    /// equal to <see cref="Response"/>.</summary>
    public double[] Pearson { get; }

    /// <summary>(y - fitted) / sigma (lme4's residuals(scaled = TRUE), which ignores the weights).</summary>
    public double[] Scaled { get; }

    public static Residuals Compute(FitResult fit)
    {
        if (fit is null) throw new ArgumentNullException(nameof(fit));
        // The design's response is y - offset (what lme4 fits); the observed y adds the offset back, as fitted values do.
        var observed = LinearPredictor.AddOffset((double[])fit.Design.Response.Clone(), fit.Design.Offset);
        return new Residuals(fit.Design.RowsUsed, observed, LinearPredictor.Fitted(fit), fit.Sigma, fit.Design.Weights);
    }
}
