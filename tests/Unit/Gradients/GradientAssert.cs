using LmmPS.Core.Design;
using LmmPS.Core.Gradients;
using LmmPS.Core.Model;

namespace LmmPS.Tests.Gradients;

internal static class GradientAssert
{
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>Analytic within 1e-6 relative of the finite difference, or, for a derivative near zero (at an
    /// optimum), within the rounding noise of the central difference itself. That noise is the objective's rounding
    /// error over the step: pwrss = A_yy - (what the other columns explain) loses about log10(A_yy / pwrss) digits
    /// to cancellation, and w_y log(pwrss) carries that into f, so |f error| ~ eps (|f| + w_y A_yy / pwrss) and the
    /// difference quotient's ~ that / h. Four times it is the floor (measured worst case: Penicillin ML at the REML
    /// optimum, error 2.1e-6 against a floor of 1.5e-5, where eps |f| / h alone would be 5e-9).</summary>
    public static void AgreesWithOwnDifferences(DerivativeCheck row, double floor, string where)
    {
        double allowed = 1e-6 * Math.Abs(row.Numeric) + floor / row.Step;
        Assert.True(row.AbsoluteError <= allowed,
            $"{where} {row.Parameter} = {row.Value:R}: analytic {row.Analytic:R}, finite difference {row.Numeric:R} ({row.Scheme}, step {row.Step:E1}); error {row.AbsoluteError:E2}, allowed {allowed:E2}");
    }

    /// <summary>4 eps (|f| + w_y A_yy / pwrss): the objective's rounding error at theta (divide by the step).</summary>
    public static double ObjectiveNoise(LinearMixedModel model, ModelDesign design, double[] theta, EstimationMethod method)
    {
        var point = model.Evaluate(theta, method);
        double ayy = design.Response.Sum(v => v * v);
        double wy = method == EstimationMethod.ML ? design.RowCount : design.RowCount - design.FixedEffectCount;
        return 4 * Epsilon * (Math.Abs(point.Objective) + wy * ayy / point.PenalizedRss);
    }

    public static void AgreeWithOwnDifferences(ModelDesign design, double[] theta, EstimationMethod method, string where)
    {
        var model = new LinearMixedModel(design);
        double noise = ObjectiveNoise(model, design, theta, method);
        foreach (var row in GradientCheck.CheckGradient(design, theta, method))
            AgreesWithOwnDifferences(row, noise, where);
    }
}
