using System.Text.RegularExpressions;
using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.Fitting;

/// <summary>Issue 14 item 3: one owner of L's layout. The owner (<see cref="TrailingReader"/> by meaning over both kinds,
/// <see cref="TrailingMatrix"/> for the dense kind's m x m arrays) is checked against an independent dense reference,
/// MathNet's Cholesky of the whole Lambda'[Z X y]'[Z X y]Lambda + diag(I_q, 0) built row by row from the design; and
/// a scan of src/ fails on the next file that computes an offset into such an array itself.</summary>
public class TrailingLayoutTests
{
    // --- the reader and the dense layout against the reference factor -------------------------------------------

    /// <summary>The full lower factor of M = K'K + diag(I_q, 0), K's row i = [Lambda' z_i; x_i; y_i] in the model's
    /// order: the first term's levels, then the later terms' (at q_1 + TermRowOffset[j] + level k + c), X, y.</summary>
    private static Matrix<double> ReferenceFactor(LinearMixedModel model, double[] theta)
    {
        var design = model.WorkingDesign;
        var a = model.Factor.CrossProduct;
        var terms = design.RandomTerms;
        int n = design.RowCount, p = a.FixedColumns, q1 = a.FirstColumns * a.FirstLevels, qd = a.LaterRows;
        int size = q1 + qd + p + 1;
        var k = Matrix<double>.Build.Dense(n, size);
        for (int j = 0; j < terms.Count; j++)
        {
            var term = terms[j];
            int kj = term.ColumnCount;
            var template = new double[kj * kj];
            model.Layout.FillTemplate(theta, j, template);
            int start = j == 0 ? 0 : q1 + a.TermRowOffset[j];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < kj; c++)
                {
                    // (T' z)_c = sum_{r >= c} T[r, c] z_r, T lower triangular column-major.
                    double s = 0.0;
                    for (int r = c; r < kj; r++) s += template[c * kj + r] * term.Z[i * kj + r];
                    k[i, start + term.LevelIndex[i] * kj + c] = s;
                }
        }
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < p; t++) k[i, q1 + qd + t] = design.X[t * n + i];
            k[i, size - 1] = design.Response[i];
        }
        var m = k.TransposeThisAndMultiply(k);
        for (int r = 0; r < q1 + qd; r++) m[r, r] += 1.0;
        return m.Cholesky().Factor;
    }

    /// <summary>Two crossed terms, the second vector-valued (intercept and slope): the non-scalar scaling of the
    /// trailing part.</summary>
    private static ModelDesign CrossedWithSlope()
    {
        var random = new Random(11);
        int n = 90;
        var g1 = new int[n];
        var g2 = new int[n];
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            g1[i] = i % 15;
            g2[i] = random.Next(6);
            x[i] = random.NextDouble() * 4.0;
            y[i] = 2.0 + 0.3 * x[i] + 0.5 * (g1[i] % 4) - 0.2 * g2[i] * x[i] + random.NextDouble();
        }
        var ones = HandBuiltDesigns.Ones(n);
        string[] Labels(string prefix, int count) => Enumerable.Range(0, count).Select(l => prefix + l).ToArray();
        return HandBuiltDesigns.Design("y ~ 1 + x + (1 | g1) + (1 + x | g2)", y, new[] { ("(Intercept)", ones), ("x", x) },
            HandBuiltDesigns.Term("g1", (g1, Labels("a", 15)), ("(Intercept)", ones)),
            HandBuiltDesigns.Term("g2", (g2, Labels("b", 6)), ("(Intercept)", ones), ("x", x)));
    }

    private static ModelDesign Named(string name) => name switch
    {
        "Penicillin" => HandBuiltDesigns.Penicillin(),
        "Pastes" => HandBuiltDesigns.Pastes(),
        _ => CrossedWithSlope(),
    };

    private static double[] Theta(string name) => name switch
    {
        "CrossedWithSlope" => new[] { 0.8, 1.3, -0.4, 0.6 },
        _ => new[] { 1.7, 0.9 },
    };

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-10 * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData("Penicillin", TrailingFactorKind.Dense)]
    [InlineData("Penicillin", TrailingFactorKind.Sparse)]
    [InlineData("Pastes", TrailingFactorKind.Dense)]
    [InlineData("Pastes", TrailingFactorKind.Sparse)]
    [InlineData("CrossedWithSlope", TrailingFactorKind.Dense)]
    public void The_reader_equals_the_reference_factor_on_either_kind(string name, TrailingFactorKind kind)
    {
        var model = new LinearMixedModel(Named(name), new KernelOptions { TrailingFactor = kind });
        var theta = Theta(name);
        Assert.Equal(kind, model.Factor.Kind);
        Assert.True(model.Factor.Update(theta));
        var l = ReferenceFactor(model, theta);
        var a = model.Factor.CrossProduct;
        int p = a.FixedColumns, qd = a.LaterRows, q1 = a.FirstColumns * a.FirstLevels, q = q1 + qd, y = q + p;
        var reader = new TrailingReader(model.Factor);
        Assert.Equal(p, reader.FixedCount);
        Assert.Equal(qd, reader.LaterCount);
        Assert.True(qd > 0);

        // The [X y] block B = [L_X 0; l_yX' l_yy] and its solves do not depend on the order of the later rows.
        for (int c = 0; c <= p; c++)
            for (int r = c; r <= p; r++)
                Close(l[q + r, q + c], reader.XyBlock(r, c), $"B[{r}, {c}]");
        for (int c = 0; c < p; c++) Close(l[y, q + c], reader.ResponseX(c), $"l_yX[{c}]");
        Close(l[y, y], reader.ResponseDiagonal, "l_yy");
        var lx = l.SubMatrix(q, p, q, p);
        var lxInverse = lx.Inverse();
        var inverse = reader.InvertFixed();
        for (int c = 0; c < p; c++)
            for (int r = 0; r < p; r++)
                Close(lxInverse[r, c], inverse[c * p + r], $"L_X^-1[{r}, {c}]");
        var lyx = Vector<double>.Build.Dense(p, c => l[y, q + c]);
        var beta = lx.Transpose().Solve(lyx);
        var solved = lyx.ToArray();
        reader.SolveFixedTransposed(solved);
        for (int c = 0; c < p; c++) Close(beta[c], solved[c], $"beta[{c}]");
        if (p > 1)
        {
            var tail = lyx.ToArray();
            reader.SolveFixedFrom(1, tail);
            var tailReference = lx.SubMatrix(1, p - 1, 1, p - 1).Solve(lyx.SubVector(1, p - 1));
            for (int c = 1; c < p; c++) Close(tailReference[c - 1], tail[c], $"L_X[1.., 1..]^-1 l_yX[{c}]");
        }

        // The later terms' modes u_D = L_D^-T (l_yD - L_XD' beta): the reader's L_D, L_XD and l_yD are in the factor's
        // own order of the later rows (a fill-reducing one on the sparse kind), the solve maps back to the model's.
        var rhs = new double[qd];
        for (int r = 0; r < qd; r++)
        {
            double s = reader.ResponseLater(r);
            for (int t = 0; t < p; t++) s -= reader.FixedLater(t, r) * beta[t];
            rhs[r] = s;
        }
        reader.SolveLaterTransposed(rhs);
        var ld = l.SubMatrix(q1, qd, q1, qd);
        var reference = ld.Transpose().Solve(Vector<double>.Build.Dense(qd, r => l[y, q1 + r] - Enumerable.Range(0, p).Sum(t => l[q + t, q1 + r] * beta[t])));
        for (int r = 0; r < qd; r++) Close(reference[r], rhs[r], $"u_D[{r}]");

        // log det and pwrss, read through the owner.
        double logDetLz = 0.0, logDetLx = 0.0;
        for (int r = 0; r < q; r++) logDetLz += 2.0 * Math.Log(l[r, r]);
        for (int t = 0; t < p; t++) logDetLx += 2.0 * Math.Log(l[q + t, q + t]);
        Close(logDetLz, model.Factor.LogDetLZSquared(), "log det L_Z^2");
        Close(logDetLx, model.Factor.LogDetLXSquared(), "log det L_X^2");
        Close(l[y, y] * l[y, y], model.Factor.PenalizedRss(), "pwrss");

        if (kind != TrailingFactorKind.Dense) return;
        // The dense layout: every entry of L_T in the natural order, the diagonal, the border offset of a column.
        var dense = model.Factor.DenseTrailing;
        int m = dense.Size;
        Assert.Equal(qd + p + 1, m);
        Assert.Equal(qd, dense.LaterCount);
        for (int c = 0; c < m; c++)
        {
            Close(l[q1 + c, q1 + c], dense.Diagonal(c), $"L_T diagonal {c}");
            for (int r = c; r < m; r++)
            {
                Close(l[q1 + r, q1 + c], dense[r, c], $"L_T[{r}, {c}]");
                Assert.Equal(dense[r, c], dense.Values[dense.Position(r, c)]);
                Assert.Equal(dense[r, c], dense.Values[dense.Offset(r, c)]);
            }
            for (int t = 0; t <= p; t++)
                if (qd + t >= c) Assert.Equal(dense[qd + t, c], dense.Values[dense.BorderOffset(c) + t]);
        }
    }

    [Fact]
    public void The_dense_layout_copies_border_rows_and_mirrors_a_triangle()
    {
        // A 5 x 5 lower triangle over q_D = 2 later rows and 3 border rows, entry (r, c) = 10 r + c.
        var matrix = TrailingMatrix.Allocate(5, 2);
        for (int c = 0; c < 5; c++)
            for (int r = c; r < 5; r++)
                matrix[r, c] = 10 * r + c;
        var rows = Enumerable.Repeat(-1.0, 3 * 5).ToArray();
        matrix.CopyBorderRows(rows);
        for (int t = 0; t < 3; t++)
            for (int c = 0; c < 5; c++)
                Assert.Equal(c <= 2 + t ? 10 * (2 + t) + c : 0.0, rows[t * 5 + c]);
        matrix.MirrorLower();
        for (int c = 0; c < 5; c++)
            for (int r = 0; r < 5; r++)
                Assert.Equal(10 * Math.Max(r, c) + Math.Min(r, c), matrix[r, c]);
        matrix.AddToDiagonal(2, 1.0);
        Assert.Equal(1.0, matrix.Diagonal(0));
        Assert.Equal(12.0, matrix.Diagonal(1));
        Assert.Equal(22.0, matrix.Diagonal(2));
        matrix.AddToResponseRowAndColumn(1, 0.5);
        Assert.Equal(41.5, matrix[4, 1]);
        Assert.Equal(41.5, matrix[1, 4]);
    }

    // --- the scan: nobody else computes offsets into the layout -------------------------------------------------

    /// <summary>Offset arithmetic into an m x m column-major array over the trailing rows, as it was written before
    /// the owner existed: "col * m + row", "(long)j * m", "(qd + t) * m", "qd * m", "m + qd", and an argument "i * m,".
    /// (m, or _m, is the leading dimension by this code base's naming.)</summary>
    private static readonly Regex[] OffsetPatterns =
    {
        new(@"\*\s*_?m\s*\+"),
        new(@"\(long\)\s*(?:\([^()]*\)|(?!_?m\b)[\w.]+(?:\[[^\]]*\])?)\s*\*\s*_?m\b"),
        new(@"\([\w\s+]+\)\s*\*\s*_?m\b"),
        new(@"\bqd\s*\*\s*_?m\b"),
        new(@"\b_?m\s*\+\s*_?qd\b"),
        new(@"[(,]\s*\w+\s*\*\s*_?m\s*,"),
    };

    /// <summary>The layout's owners. LinearAlgebra/ is exempt: its kernels take (array, offset, leading dimension)
    /// from their callers and know no layout of L, and the supernodal storage of the sparse kind is theirs.</summary>
    private static readonly string[] OwnerFiles = { "TrailingMatrix.cs", "TrailingReader.cs" };

    /// <summary>Files with m x m column-major arrays of their own that are not the fit's trailing layout (no [X y]
    /// border, never shared with the factor): Inference/FactorSatterthwaite.cs forms the inverse R of the Schur complement of
    /// F's later terms (read from the factor through TrailingMatrix) and R N.</summary>
    private static readonly string[] OwnLayoutFiles = { "FactorSatterthwaite.cs" };

    private static bool IsOffsetArithmetic(string line) =>
        !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && OffsetPatterns.Any(p => p.IsMatch(line));

    [Theory]
    [InlineData("                Trailing[(long)col * m + row] = s;")]
    [InlineData("                int column = (qd + t2) * m + qd;")]
    [InlineData("                if (v[c] != 0) VectorOps.Axpy(v[c], a.Trailing, (offset + c) * m, output, q0, qd + p);")]
    [InlineData("                    double* p = pu + (long)j * m + r0;")]
    [InlineData("                    LaterBlocks[i * w + r] = WeightedDot(_u, i * m, _u, i2 * m, Math.Max(i, i2), m, qd, b);")]
    [InlineData("            _borderOffset = _qd * _m + _qd;")]
    [InlineData("                long col = (long)_index[j] * m;")]
    [InlineData("                Array.Copy(a.Trailing, (long)(row0 + r) * m, _scaled, 0, m);")]
    public void The_scan_recognises_the_offsets_that_were_removed(string line) => Assert.True(IsOffsetArithmetic(line), line);

    [Theory]
    [InlineData("        var u = TrailingMatrix.Allocate(m, qd);")]
    [InlineData("        MemoryGuard.EnsureAvailable((long)m * m * sizeof(double), \"the inverse\");")]
    [InlineData("                    double* p = pu + u.Position(r0, j);")]
    [InlineData("        int b = m - qd;")]
    [InlineData("    /// <summary>entry (row, column) at column * m + row.</summary>")]
    public void The_scan_lets_the_owners_operations_pass(string line) => Assert.False(IsOffsetArithmetic(line), line);

    [Fact]
    public void No_file_outside_the_owner_computes_offsets_into_the_trailing_layout()
    {
        var src = Path.Combine(LmmPS.Tests.Module.ModulePaths.RepositoryRoot, "src");
        var found = new List<string>();
        int scanned = 0;
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            var parts = relative.Split('/');
            if (parts.Contains("obj") || parts.Contains("bin") || parts.Contains("LinearAlgebra")) continue;
            if (OwnerFiles.Contains(parts[^1]) || OwnLayoutFiles.Contains(parts[^1])) continue;
            scanned++;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (IsOffsetArithmetic(lines[i]))
                    found.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(scanned > 100, $"only {scanned} files scanned under {src}");
        Assert.True(found.Count == 0,
            "Offsets into the trailing layout outside its owner (use TrailingMatrix or TrailingReader):\n" + string.Join("\n", found));
    }
}
