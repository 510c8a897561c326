namespace LmmPS.Core.Design;

/// <summary>How one factor is turned into columns inside a model-matrix term: a levels x columns matrix (contr.poly)
/// or, for contr.treatment and the full indicator coding, just which level each column indicates (a dense matrix
/// would be levels^2 values: 80 GB for a 100,000-level factor), and a name suffix per column (appended to the
/// factor's name, as R's model.matrix does).</summary>
internal sealed class FactorCoding
{
    private readonly double[,]? _matrix;

    public FactorCoding(double[,] matrix, IReadOnlyList<string> suffixes)
    {
        _matrix = matrix;
        Suffixes = suffixes;
    }

    private FactorCoding(int firstIndicatedLevel, IReadOnlyList<string> suffixes)
    {
        FirstIndicatedLevel = firstIndicatedLevel;
        Suffixes = suffixes;
    }

    /// <summary>Column j is the indicator of level <paramref name="firstIndicatedLevel"/> + j.</summary>
    public static FactorCoding LevelIndicators(int firstIndicatedLevel, IReadOnlyList<string> suffixes) =>
        new(firstIndicatedLevel, suffixes);

    /// <summary>For an indicator coding, the level (0-based) column 0 indicates; null for a matrix coding.</summary>
    public int? FirstIndicatedLevel { get; }

    /// <summary>The coded value of level <paramref name="level"/> (0-based) in column <paramref name="column"/>.</summary>
    public double Value(int level, int column) =>
        _matrix is { } m ? m[level, column] : level == column + FirstIndicatedLevel ? 1.0 : 0.0;

    /// <summary>The levels x columns matrix, formed on demand for an indicator coding (for small factors and tests).</summary>
    public double[,] DenseMatrix(int levelCount)
    {
        if (_matrix is { } m)
            return m;
        var d = new double[levelCount, ColumnCount];
        for (int i = 0; i < levelCount; i++)
            for (int j = 0; j < ColumnCount; j++)
                d[i, j] = Value(i, j);
        return d;
    }

    public IReadOnlyList<string> Suffixes { get; }

    public int ColumnCount => Suffixes.Count;
}

/// <summary>R's codings of a factor: contr.treatment, contr.sum, contr.helmert, contr.poly and the full indicator coding R uses when a
/// factor's margin is absent from the model.</summary>
internal static class ContrastCoding
{
    /// <summary>contr.treatment: level <paramref name="reference"/> (default the first) is the baseline, one column per
    /// other level in level order, named by level (R's contr.treatment(levels, base = reference + 1)).</summary>
    public static FactorCoding Treatment(IReadOnlyList<string> levels, int reference = 0)
    {
        if (reference == 0)
            return FactorCoding.LevelIndicators(1, levels.Skip(1).ToArray());
        int k = levels.Count;
        var m = new double[k, k - 1];
        var names = new string[k - 1];
        int c = 0;
        for (int j = 0; j < k; j++)
        {
            if (j == reference) continue;
            m[j, c] = 1.0;
            names[c++] = levels[j];
        }
        return new FactorCoding(m, names);
    }

    /// <summary>contr.sum: rows 1..K-1 the identity, the last row all -1; columns named 1..K-1.</summary>
    public static FactorCoding Sum(int k)
    {
        var m = new double[k, k - 1];
        for (int j = 0; j < k - 1; j++)
        {
            m[j, j] = 1.0;
            m[k - 1, j] = -1.0;
        }
        return new FactorCoding(m, Numbered(k - 1));
    }

    /// <summary>contr.helmert: column j (1-based) is -1 in rows 1..j, j in row j+1, 0 below; columns named 1..K-1.</summary>
    public static FactorCoding Helmert(int k)
    {
        var m = new double[k, k - 1];
        for (int j = 0; j < k - 1; j++)
        {
            for (int i = 0; i <= j; i++)
                m[i, j] = -1.0;
            m[j + 1, j] = j + 1;
        }
        return new FactorCoding(m, Numbered(k - 1));
    }

    private static string[] Numbered(int count) =>
        Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>All levels as 0/1 columns (R's coding when <c>contrasts = FALSE</c> for the factor).</summary>
    public static FactorCoding Indicators(IReadOnlyList<string> levels) => FactorCoding.LevelIndicators(0, levels.ToArray());

    /// <summary>contr.poly on scores 1..k: orthonormal polynomials of degree 1..k-1, named .L, .Q, .C, ^4, ^5...</summary>
    public static FactorCoding Polynomial(int levelCount)
    {
        double[,] basis = OrthonormalPolynomials(levelCount);
        var m = new double[levelCount, levelCount - 1];
        var names = new string[levelCount - 1];
        for (int d = 1; d < levelCount; d++)
        {
            for (int i = 0; i < levelCount; i++)
                m[i, d - 1] = basis[i, d];
            names[d - 1] = PolynomialSuffix(d);
        }
        return new FactorCoding(m, names);
    }

    /// <summary>R names the first three degrees by letter and the rest by power.</summary>
    public static string PolynomialSuffix(int degree) => degree switch
    {
        1 => ".L",
        2 => ".Q",
        3 => ".C",
        _ => "^" + degree.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Columns 0..k-1: the powers 0..k-1 of the centred scores, each made orthogonal to the lower powers and
    /// scaled to unit length. R gets the same thing from qr.qy(QR, diag(R)): column j of Q times R[j,j] is the
    /// part of power j orthogonal to the lower powers, whatever sign convention the Householder QR uses, so the
    /// sign of each column is fixed by a positive leading coefficient. Gram-Schmidt is done twice per column
    /// because the Vandermonde columns are nearly parallel for many levels.
    /// </summary>
    internal static double[,] OrthonormalPolynomials(int k)
    {
        double mean = (k + 1) / 2.0;
        var q = new double[k, k];
        var v = new double[k];
        for (int d = 0; d < k; d++)
        {
            for (int i = 0; i < k; i++)
                v[i] = Math.Pow(i + 1 - mean, d);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int e = 0; e < d; e++)
                {
                    double dot = 0;
                    for (int i = 0; i < k; i++)
                        dot += q[i, e] * v[i];
                    for (int i = 0; i < k; i++)
                        v[i] -= dot * q[i, e];
                }
            }
            double norm = 0;
            for (int i = 0; i < k; i++)
                norm += v[i] * v[i];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < k; i++)
                q[i, d] = v[i] / norm;
        }
        return q;
    }
}
