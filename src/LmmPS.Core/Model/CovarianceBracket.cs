using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>The part of the profiled objective's Hessian that comes from the second derivative of Lambda Lambda':
/// B_ij = tr(P V_ij) - N/r2 r~'V_ij r~ with V_ij = Z (E_i E_j' + E_j E_i') Z' (<see cref="AverageInformation"/>'s
/// notation; E_i = dT/dtheta_i = e_r e_c' for the template element (r, c)). It is nonzero only between elements of
/// one term's template in the same column c, where B_ij = 2 C[r_i, r_j] for the term's symmetric k x k matrix
/// C = sum over levels of Z_l'P Z_l - N/r2 (Z_l'r~)(Z_l'r~)'. Since Lambda Lambda' is homogeneous of degree 2 in
/// theta, the gradient is B theta, which per term reads df/dtheta_(r,c) = 2 (C T)[r, c]: C follows from the
/// gradient alone by back-substitution, column by column from the last, wherever T's diagonal has no zero.</summary>
internal static class CovarianceBracket
{
    /// <summary>Adds to <paramref name="hessian"/> the positive semi-definite part (negative eigenvalues dropped) of
    /// each term's bracket, recovered from <paramref name="gradient"/>; nothing for a term with a zero on its
    /// template diagonal (on the boundary, where C cannot be recovered). Dropping the negative part keeps the
    /// quadratic model convex, as a modified Newton method does where the objective is not.</summary>
    public static void AddPositivePart(ThetaLayout layout, ReadOnlySpan<double> theta, ReadOnlySpan<double> gradient, double[,] hessian)
    {
        for (int term = 0; term < layout.Sizes.Length; term++)
        {
            int k = layout.Sizes[term], offset = layout.Offsets[term];
            var t = new double[k * k];
            layout.FillTemplate(theta, term, t);
            var c = Recover(t, k, gradient.Slice(offset, k * (k + 1) / 2));
            if (c is null) continue;

            // Column `column` of the template holds theta elements offset + start .. for rows column..k-1.
            int start = 0;
            for (int column = 0; column < k; column++)
            {
                int size = k - column;
                var block = Matrix<double>.Build.Dense(size, size, (i, j) => 2 * c[(column + i) * k + column + j]);
                var positive = PositivePart(block);
                for (int i = 0; i < size; i++)
                    for (int j = 0; j < size; j++)
                        hessian[offset + start + i, offset + start + j] += positive[i, j];
                start += size;
            }
        }
    }

    /// <summary>The symmetric C (k x k, row-major) with lower(C T) = gradient / 2, or null if T has a zero diagonal.</summary>
    private static double[]? Recover(double[] t, int k, ReadOnlySpan<double> termGradient)
    {
        for (int d = 0; d < k; d++)
            if (t[d * k + d] == 0) return null;

        var x = new double[k * k];
        int index = 0;
        for (int column = 0; column < k; column++)
            for (int row = column; row < k; row++)
                x[row * k + column] = termGradient[index++] / 2;

        var c = new double[k * k];
        for (int column = k - 1; column >= 0; column--)
            for (int row = k - 1; row >= column; row--)
            {
                double s = x[row * k + column];
                for (int other = column + 1; other < k; other++) s -= c[row * k + other] * t[column * k + other];
                double value = s / t[column * k + column];
                c[row * k + column] = value;
                c[column * k + row] = value;
            }

        return c;
    }

    private static Matrix<double> PositivePart(Matrix<double> block)
    {
        if (block.RowCount == 1) return Matrix<double>.Build.Dense(1, 1, Math.Max(0, block[0, 0]));
        if (block.RowCount == 2) return PositivePart2(block[0, 0], block[1, 0], block[1, 1]);
        var evd = block.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Map(v => Math.Max(0, v.Real));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(values) * evd.EigenVectors.Transpose();
    }

    /// <summary>[a b; b d]'s positive part in closed form (the common case: a term with an intercept and a slope),
    /// without an eigen-decomposition's allocations at every iteration of a small fit.</summary>
    private static Matrix<double> PositivePart2(double a, double b, double d)
    {
        double mean = 0.5 * (a + d), radius = Math.Sqrt(0.25 * (a - d) * (a - d) + b * b);
        double larger = mean + radius, smaller = mean - radius;
        if (smaller >= 0) return Matrix<double>.Build.DenseOfArray(new[,] { { a, b }, { b, d } });
        if (larger <= 0) return Matrix<double>.Build.Dense(2, 2);

        // larger v v' / v'v for an eigenvector v of the larger eigenvalue; of the two equivalent forms, the one
        // whose entries do not cancel.
        double v0, v1;
        if (a >= d)
        {
            v0 = larger - d;
            v1 = b;
        }
        else
        {
            v0 = b;
            v1 = larger - a;
        }

        double scale = larger / (v0 * v0 + v1 * v1);
        return Matrix<double>.Build.DenseOfArray(new[,] { { scale * v0 * v0, scale * v0 * v1 }, { scale * v0 * v1, scale * v1 * v1 } });
    }
}
