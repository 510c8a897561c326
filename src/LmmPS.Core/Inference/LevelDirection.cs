using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Core.Inference;

/// <summary>
/// A q x q symmetric matrix that is block diagonal over the levels of one random-effects term, the same k x k block
/// S in every level and zero elsewhere: the derivative of Lambda Lambda' (or of a term's covariance) with respect to
/// one parameter. Marginal covariance directions are Z D Z', so every trace and quadratic form the tests need
/// reduces to these blocks against q-space matrices.
/// </summary>
internal sealed class LevelDirection
{
    private readonly int _offset, _levels, _k;
    private readonly double[,] _s;

    public LevelDirection(int offset, int levels, double[,] block)
    {
        _offset = offset;
        _levels = levels;
        _k = block.GetLength(0);
        _s = block;
    }

    /// <summary>d (T T') / d T[r, c] = e_r t_c' + t_c e_r' (t_c = column c of T): the direction of theta element (r, c).</summary>
    public static LevelDirection ForTheta(MarginalMoments moments, int term, int r, int c)
    {
        int k = moments.Design.RandomTerms[term].ColumnCount;
        var t = moments.Templates[term];
        var s = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            s[r, i] += t[c * k + i];
            s[i, r] += t[c * k + i];
        }
        return new LevelDirection(moments.TermOffsets[term], moments.Design.RandomTerms[term].LevelCount, s);
    }

    /// <summary>d2 (T T') / d T[r1, c1] d T[r2, c2] = [c1 == c2] (e_r1 e_r2' + e_r2 e_r1'); null when zero.</summary>
    public static LevelDirection? SecondForTheta(MarginalMoments moments, int term, int r1, int c1, int r2, int c2)
    {
        if (c1 != c2) return null;
        int k = moments.Design.RandomTerms[term].ColumnCount;
        var s = new double[k, k];
        s[r1, r2] += 1.0;
        s[r2, r1] += 1.0;
        return new LevelDirection(moments.TermOffsets[term], moments.Design.RandomTerms[term].LevelCount, s);
    }

    /// <summary>The indicator of covariance element (a, b) of a term: e_a e_b' + e_b e_a' (a != b) or e_a e_a'.</summary>
    public static LevelDirection ForCovarianceElement(MarginalMoments moments, int term, int a, int b)
    {
        int k = moments.Design.RandomTerms[term].ColumnCount;
        var s = new double[k, k];
        s[a, b] = 1.0;
        s[b, a] = 1.0;
        return new LevelDirection(moments.TermOffsets[term], moments.Design.RandomTerms[term].LevelCount, s);
    }

    /// <summary>D M for a q-row matrix M (zero outside the term's rows).</summary>
    public Matrix<double> Times(Matrix<double> m)
    {
        var result = Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount);
        for (int level = 0; level < _levels; level++)
        {
            int o = _offset + level * _k;
            for (int i = 0; i < _k; i++)
                for (int j = 0; j < _k; j++)
                {
                    double s = _s[i, j];
                    if (s == 0.0) continue;
                    for (int col = 0; col < m.ColumnCount; col++)
                        result[o + i, col] += s * m[o + j, col];
                }
        }
        return result;
    }

    /// <summary>D v for a q-vector.</summary>
    public Vector<double> Times(Vector<double> v)
    {
        var result = Vector<double>.Build.Dense(v.Count);
        for (int level = 0; level < _levels; level++)
        {
            int o = _offset + level * _k;
            for (int i = 0; i < _k; i++)
                for (int j = 0; j < _k; j++)
                    result[o + i] += _s[i, j] * v[o + j];
        }
        return result;
    }

    /// <summary>tr(D M) for a q x q M.</summary>
    public double Trace(Matrix<double> m)
    {
        double s = 0.0;
        for (int level = 0; level < _levels; level++)
        {
            int o = _offset + level * _k;
            for (int i = 0; i < _k; i++)
                for (int j = 0; j < _k; j++)
                    s += _s[i, j] * m[o + j, o + i];
        }
        return s;
    }

    /// <summary>x' D y.</summary>
    public double Form(Vector<double> x, Vector<double> y) => x.DotProduct(Times(y));

    /// <summary>tr(D1 M D2 M) = sum over a, b of (D1 M)[a, b] (D2 M)[b, a], given D1 M and D2 M.</summary>
    public static double TraceOfProduct(Matrix<double> d1m, Matrix<double> d2m)
    {
        double s = 0.0;
        for (int a = 0; a < d1m.RowCount; a++)
            for (int b = 0; b < d1m.ColumnCount; b++)
                s += d1m[a, b] * d2m[b, a];
        return s;
    }
}
