using System.Globalization;
using LmmPS.Core.Common;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Inference;

/// <summary>The tests of fixed effects sum squares of the data (a badly scaled design is tested on its Scaling
/// reparametrisation, WorkingDesign, so a response of 1e300 no longer overflows them, but data near the range of a
/// double still could). MathNet's symmetric eigensolver then fails with an IndexOutOfRangeException; every matrix it is
/// given is checked here first, so the user reads what happened and what to do instead (InferenceNotFinite).</summary>
internal static class FiniteMatrix
{
    public static Matrix<double> Require(Matrix<double> m, string what)
    {
        for (int i = 0; i < m.RowCount; i++)
            for (int j = 0; j < m.ColumnCount; j++)
            {
                double v = m[i, j];
                if (double.IsNaN(v) || double.IsInfinity(v))
                    throw new LmmException("InferenceNotFinite", LmmErrorCategory.InvalidResult,
                        $"{what} that the Satterthwaite and Kenward-Roger tests need is not finite at the estimate (element [{i}, {j}] is {v.ToString(CultureInfo.InvariantCulture)}): the data's values are too large or too small for its sums in double precision. Rescale the response or the covariates (e.g. divide by a power of 10); the fit itself is unaffected.");
            }
        return m;
    }
}
