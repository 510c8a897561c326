using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>Reads the trailing part of the factor by meaning, whichever its kind, so no other file computes offsets
/// into it. That part is the lower triangle over rows [later terms (q_D), X (p), y (1)]:
/// <code>
///   [ L_D              ]
///   [ L_XD   L_X       ]
///   [ l_yD'  l_yX'  l_yy ]
/// </code>
/// Dense kind: one m x m column-major array (<see cref="BlockedFactor.Trailing"/>). Sparse kind
/// (<see cref="SparseTrailingFactor"/>): L_D is supernodal in a fill-reducing order, the border rows [L_XD; l_yD'] are
/// the last rows of its supernodes, and the (p+1) x (p+1) block B = [L_X 0; l_yX' l_yy] is copied out dense.
/// The gradient kernels (InverseLevelBlocks, WeightedSelectedInverse, AverageInformation, Leverage) exist on the dense
/// kind only (<see cref="BlockedFactor.RequireDense"/>) and index its arrays (L_T, U = L_T^-1, S_TT) through
/// <see cref="TrailingMatrix"/>: this file and that one are the layout's only owners (a unit test scans src/).</summary>
internal readonly struct TrailingReader
{
    private readonly double[] _l;
    private readonly int _m;
    private readonly int _qd;
    private readonly int _borderOffset;
    private readonly int _ld;
    private readonly SparseTrailingFactor? _sparse;

    public TrailingReader(BlockedFactor factor)
    {
        _qd = factor.CrossProduct.LaterRows;
        FixedCount = factor.CrossProduct.FixedColumns;
        _m = factor.TrailingSize;
        _sparse = factor.SparseTrailing;
        if (_sparse is null)
        {
            _l = factor.Trailing;
            _ld = _m;
            _borderOffset = _qd * _m + _qd;
        }
        else
        {
            _l = _sparse.Border;
            _ld = FixedCount + 1;
            _borderOffset = 0;
        }
    }

    /// <summary>p.</summary>
    public int FixedCount { get; }

    /// <summary>q_D, the later terms' rows.</summary>
    public int LaterCount => _qd;

    /// <summary>B[r, c] (r &gt;= c) of the lower (p+1) x (p+1) [X y] block B = [L_X 0; l_yX' l_yy]: r, c in 0..p, p
    /// being y.</summary>
    public double XyBlock(int r, int c) => _l[_borderOffset + (long)c * _ld + r];

    /// <summary>(l_yX)_c, the y row under the X columns.</summary>
    public double ResponseX(int c) => XyBlock(FixedCount, c);

    /// <summary>(l_yD)_r, the y row under the later terms' columns.</summary>
    public double ResponseLater(int r) =>
        _sparse is null ? _l[(long)r * _m + _m - 1] : _sparse.BorderUnderLater(_m - 1, r);

    /// <summary>(L_XD)[t, r]: X row t under later-term column r.</summary>
    public double FixedLater(int t, int r) =>
        _sparse is null ? _l[(long)r * _m + _qd + t] : _sparse.BorderUnderLater(_qd + t, r);

    /// <summary>l_yy, the last diagonal element (pwrss = l_yy^2).</summary>
    public double ResponseDiagonal => XyBlock(FixedCount, FixedCount);

    /// <summary>x := L_X^-T x (p values).</summary>
    public void SolveFixedTransposed(double[] x) =>
        DenseTriangular.SolveLowerTransposed(_l, _borderOffset, _ld, FixedCount, x);

    /// <summary>x[j..p) := L_X[j.., j..]^-1 x[j..p) (forward substitution from column j).</summary>
    public void SolveFixedFrom(int j, double[] x) =>
        DenseTriangular.SolveLower(_l, _borderOffset + j * _ld + j, _ld, FixedCount - j, x, j);

    /// <summary>x := L_D^-T x (q_D values).</summary>
    public void SolveLaterTransposed(double[] x)
    {
        if (_sparse is null) DenseTriangular.SolveLowerTransposed(_l, 0, _m, _qd, x);
        else _sparse.SolveLaterTransposed(x);
    }

    /// <summary>L_X^-1, p x p column-major.</summary>
    public double[] InvertFixed() => DenseTriangular.InvertLower(_l, _borderOffset, _ld, FixedCount);

    /// <summary>(L_X L_X')^-1 = L_X^-T L_X^-1 = (X'V0^-1 X)^-1 in the model's units, p x p, both triangles (lme4's vcov()
    /// over sigma^2; the Satterthwaite blocks' C^-1).</summary>
    public double[,] FixedCrossProductInverse()
    {
        int p = FixedCount;
        var inv = InvertFixed();
        var result = new double[p, p];
        for (int r = 0; r < p; r++)
            for (int c = 0; c <= r; c++)
            {
                double s = 0.0;
                for (int i = r; i < p; i++)
                    s += inv[r * p + i] * inv[c * p + i];
                result[r, c] = result[c, r] = s;
            }
        return result;
    }
}
