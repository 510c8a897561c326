using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Fitting;

/// <summary>Reads the dense trailing part of the factor by meaning, so the files that need L_X, the y row or the
/// later terms' block do not compute offsets into <see cref="BlockedFactor.Trailing"/> themselves. That part is
/// the m x m column-major lower triangle over rows [later terms (q_D), X (p), y (1)]:
/// <code>
///   [ L_D              ]
///   [ L_XD   L_X       ]
///   [ l_yD'  l_yX'  l_yy ]
/// </code>
/// The first step towards one owner of L's layout (issue 14): the gradient kernels (InverseLevelBlocks,
/// WeightedSelectedInverse) still index it themselves.</summary>
internal readonly struct TrailingReader
{
    private readonly double[] _l;
    private readonly int _m;
    private readonly int _qd;

    public TrailingReader(BlockedFactor factor)
    {
        _l = factor.Trailing;
        _m = factor.TrailingSize;
        _qd = factor.CrossProduct.LaterRows;
        FixedCount = factor.CrossProduct.FixedColumns;
    }

    /// <summary>p.</summary>
    public int FixedCount { get; }

    /// <summary>q_D, the later terms' rows.</summary>
    public int LaterCount => _qd;

    /// <summary>B[r, c] (r &gt;= c) of the lower (p+1) x (p+1) [X y] block B = [L_X 0; l_yX' l_yy]: r, c in 0..p, p
    /// being y.</summary>
    public double XyBlock(int r, int c) => _l[(long)(_qd + c) * _m + _qd + r];

    /// <summary>(l_yX)_c, the y row under the X columns.</summary>
    public double ResponseX(int c) => _l[(long)(_qd + c) * _m + _m - 1];

    /// <summary>(l_yD)_r, the y row under the later terms' columns.</summary>
    public double ResponseLater(int r) => _l[(long)r * _m + _m - 1];

    /// <summary>(L_XD)[t, r]: X row t under later-term column r.</summary>
    public double FixedLater(int t, int r) => _l[(long)r * _m + _qd + t];

    /// <summary>l_yy, the last diagonal element (pwrss = l_yy^2).</summary>
    public double ResponseDiagonal => _l[(long)(_m - 1) * _m + _m - 1];

    /// <summary>x := L_X^-T x (p values).</summary>
    public void SolveFixedTransposed(double[] x) =>
        DenseTriangular.SolveLowerTransposed(_l, _qd * _m + _qd, _m, FixedCount, x);

    /// <summary>x := L_D^-T x (q_D values).</summary>
    public void SolveLaterTransposed(double[] x) =>
        DenseTriangular.SolveLowerTransposed(_l, 0, _m, _qd, x);

    /// <summary>L_X^-1, p x p column-major.</summary>
    public double[] InvertFixed() => DenseTriangular.InvertLower(_l, _qd * _m + _qd, _m, FixedCount);
}
