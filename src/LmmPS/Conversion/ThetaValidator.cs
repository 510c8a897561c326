using System.Globalization;
using LmmPS.Core.Common;
using LmmPS.Core.Design;

namespace LmmPS.Conversion;

/// <summary>Checks a user-supplied theta (-Theta, -StartTheta) against the design before the engine sees it, so the
/// message can list the names in the order expected.</summary>
public static class ThetaValidator
{
    public static void Check(ModelDesign design, IReadOnlyList<double> theta, string parameter)
    {
        var names = design.ThetaNames;
        if (theta.Count != names.Count)
        {
            throw new LmmException("ThetaLengthMismatch", LmmErrorCategory.InvalidArgument,
                $"{parameter} has {theta.Count} value(s) but the model '{design.Formula.Text}' has {names.Count} covariance parameter(s), " +
                $"in this order: {string.Join(", ", names)}.");
        }
        for (int i = 0; i < theta.Count; i++)
        {
            if (double.IsNaN(theta[i]) || double.IsInfinity(theta[i]))
            {
                throw new LmmException("InvalidThetaValue", LmmErrorCategory.InvalidArgument,
                    $"{parameter}[{i}] ({names[i]}) is {theta[i].ToString(CultureInfo.InvariantCulture)}; every value must be a finite number.");
            }
        }
    }
}
