using System.Globalization;
using LmmPS.Core.Common;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>
/// Refuses a response the model can reproduce exactly. Then the residual sum of squares reaches 0 (at every theta
/// when the fixed effects fit y, as theta grows without bound when a random intercept can), so sigma is 0 and the
/// deviance has no minimum: the optimizer would wander off to a meaningless point. lmer does not check this;
/// glmer stops with "Response is constant", and so do we, for both cases. A response constant within the levels of a
/// random intercept's grouping factor is refused by <see cref="GroupedResponseCheck"/> once the terms are built.
/// </summary>
internal static class ResponseChecks
{
    /// <summary>Throws ConstantResponse or ResponseFitExactly. <paramref name="responseReproduced"/>: whether
    /// <see cref="RankCheck"/>, walking X's columns and then y, dropped y, so that y is (to 1e-7 relative) a combination
    /// of the kept fixed-effects columns <paramref name="keptFixedColumns"/>.</summary>
    public static void Check(Formula formula, double[] response, IReadOnlyList<DesignColumn> keptFixedColumns, bool responseReproduced)
    {
        int? position = FormulaLocator.FindVariable(formula.Text, formula.Response);
        if (IsConstant(response))
        {
            string value = response[0].ToString("R", CultureInfo.InvariantCulture);
            throw new LmmException(
                "ConstantResponse",
                LmmErrorCategory.InvalidData,
                $"The response '{formula.Response}' is {value} in all {response.Length} rows used, so there is no variation to model " +
                "(the residual variance would be 0 and the likelihood has no maximum). Check that the right column is the response " +
                "and that the rows with missing values dropped did not leave only one value.")
            {
                Column = formula.Response,
                Position = position,
            };
        }

        // With as many fixed effects as rows any y is fitted exactly; that is the fitter's TooFewObservations
        // (more rows needed), not a property of this response.
        if (keptFixedColumns.Count == 0 || keptFixedColumns.Count >= response.Length)
            return;
        if (!responseReproduced)
            return;
        string names = string.Join(", ", keptFixedColumns.Select(c => c.Name));
        throw new LmmException(
            "ResponseFitExactly",
            LmmErrorCategory.InvalidData,
            $"The response '{formula.Response}' is an exact linear combination of the fixed-effects columns ({names}): every residual is 0 " +
            "whatever the random effects, so the residual variance is 0 and the likelihood has no maximum. " +
            "Check that the response is not computed from the predictors, or remove the predictors that reproduce it.")
        {
            Column = formula.Response,
            Position = position,
        };
    }

    private static bool IsConstant(double[] values)
    {
        for (int i = 1; i < values.Length; i++)
            if (values[i] != values[0])
                return false;
        return true;
    }
}
