using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>The dense trailing kind's form step (<see cref="BlockKernels"/>): M := Lambda' A Lambda over [later
/// terms, X, y] (X and y rows unscaled), written into the factor's m x m array. Holds the identity row list the
/// non-scalar case reuses.</summary>
internal sealed class DenseTrailingScaling
{
    private int[]? _identity;

    [MethodImpl(JitHints.Hot)]
    public void Scale(BlockedCrossProduct a, RowScaling scaling, double[] trailing, int maxThreads, CancellationToken cancellation)
    {
        int m = a.TrailingSize;
        var src = a.Trailing;
        var layout = new TrailingMatrix(trailing, m, a.LaterRows);
        if (scaling.AllScalar)
        {
            var f = scaling.ScalarFactor;
            // Memory-bound (m^2/2 reads and writes): worth the second core only for a large matrix.
            const int columnsPerItem = 64, parallelSize = 1024;
            if (m < parallelSize)
            {
                for (int c = 0; c < m; c++)
                    VectorOps.ScaledCopy(src, layout.Offset(c, c), f, c, f[c], trailing, layout.Offset(c, c), m - c);
                return;
            }
            int items = (m + columnsPerItem - 1) / columnsPerItem;
            KernelParallelism.For(items, maxThreads, item =>
            {
                for (int c = item * columnsPerItem; c < Math.Min(m, (item + 1) * columnsPerItem); c++)
                    VectorOps.ScaledCopy(src, layout.Offset(c, c), f, c, f[c], trailing, layout.Offset(c, c), m - c);
            }, cancellation);
            return;
        }
        Array.Copy(src, trailing, src.Length);
        var identity = IdentityRows(m);
        // Lambda' A: mix rows within each column; then (Lambda' A) Lambda: mix columns within each row.
        for (int c = 0; c < m; c++)
            scaling.ApplyTransposeToSparse(identity, 0, m, trailing, layout.Offset(0, c), 1);
        for (int r = 0; r < m; r++)
            scaling.ApplyTransposeToSparse(identity, 0, m, trailing, layout.Offset(r, 0), m);
    }

    private int[] IdentityRows(int m)
    {
        if (_identity is null)
        {
            _identity = new int[m];
            for (int i = 0; i < m; i++) _identity[i] = i;
        }
        return _identity;
    }
}
