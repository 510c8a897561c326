using LmmPS.Core.Design;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;
using MathNet.Numerics.LinearAlgebra;

namespace LmmPS.Tests.Fitting;

/// <summary>Every block kind of the factor against an independent dense factorization: MathNet's Cholesky of the
/// whole A(theta) = [Z Lambda, X, y]'[Z Lambda, X, y] + diag(I_q, 0), formed from the design's rows with no blocked
/// code at all. The kinds: the first term's uniform block-diagonal (k0 = 1, the diagonal case, and k0 = 2), the
/// block-sparse panel under it (later terms' rows), the dense panel under it ([X y] rows), and the trailing block
/// in both kinds (dense: every entry; sparse: in its fill-reducing order, so the ordering-invariant parts: the
/// [X y] block B = [L_X 0; l_yX' l_yy], log|L_Z|^2, log|L_X|^2 and pwrss). Each case asserts the block list the
/// factor ran over (issue 14 item 1), so together they run every kernel of <see cref="BlockKernels"/>: the first
/// pivot Diagonal and UniformBlockDiagonal, each solving BlockSparse and Dense blocks under it, and the trailing
/// pivot Dense and SparseSupernodal, each downdated by a BlockSparse and a Dense block, and on the dense kind one pivot
/// per later term (a case with four later terms of different sizes, scalar and vector-valued, at several Cholesky block
/// widths); a one-term model has no later-terms blocks at all.</summary>
public class BlockKindsReferenceTests
{
    /// <summary>n rows, a first factor g1 of <paramref name="levels1"/> levels with k1 columns (1, or 1 and x), a later
    /// factor g2 of <paramref name="levels2"/> levels with k2 columns (none when levels2 = 0), crossed at random, and
    /// X = [1, x].</summary>
    private static ModelDesign Random(int n, int levels1, int k1, int levels2, int k2, int seed) =>
        Random(n, levels1, k1, levels2 == 0 ? Array.Empty<(int, int)>() : new[] { (levels2, k2) }, seed);

    /// <summary>As above with any number of later factors g2, g3, ... (levels and columns each), in this order.</summary>
    private static ModelDesign Random(int n, int levels1, int k1, (int Levels, int Columns)[] later, int seed)
    {
        var random = new System.Random(seed);
        var g1 = new int[n];
        var groups = later.Select(_ => new int[n]).ToArray();
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            g1[i] = i < levels1 ? i : random.Next(levels1);
            x[i] = random.NextDouble() * 4.0 - 1.0;
            y[i] = 2.0 + 0.7 * x[i] + 0.5 * (g1[i] % 5) + random.NextDouble();
            for (int t = 0; t < later.Length; t++)
            {
                groups[t][i] = i < later[t].Levels ? i : random.Next(later[t].Levels);
                y[i] += (0.3 - 0.1 * t) * (groups[t][i] % 3);
            }
        }
        var ones = HandBuiltDesigns.Ones(n);
        (string, double[])[] Columns(int k) => k == 1 ? new[] { ("(Intercept)", ones) } : new[] { ("(Intercept)", ones), ("x", x) };
        string[] Labels(string prefix, int count) => Enumerable.Range(0, count).Select(l => prefix + l).ToArray();
        var terms = new List<LmmPS.Core.Design.RandomEffectsTerm> { HandBuiltDesigns.Term("g1", (g1, Labels("a", levels1)), Columns(k1)) };
        for (int t = 0; t < later.Length; t++)
            terms.Add(HandBuiltDesigns.Term("g" + (t + 2), (groups[t], Labels("b" + t + "_", later[t].Levels)), Columns(later[t].Columns)));
        string formula = "y ~ 1 + x + (... | g1)" + string.Concat(Enumerable.Range(0, later.Length).Select(t => $" + (... | g{t + 2})"));
        return HandBuiltDesigns.Design(formula, y, new[] { ("(Intercept)", ones), ("x", x) }, terms.ToArray());
    }

    /// <summary>The dense lower Cholesky factor of A(theta), rows in the factor's order: first term level by level
    /// (k0 rows each), then the later terms term by term, level by level, then X, then y.</summary>
    private static Matrix<double> ReferenceFactor(ModelDesign design, double[] theta)
    {
        int n = design.RowCount, p = design.FixedEffectCount, q = design.RandomEffectCount;
        var b = Matrix<double>.Build.Dense(n, q + p + 1);
        b.SetSubMatrix(0, 0, Profiling.DenseLikelihood.ZLambda(design, theta));
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
                b[i, q + j] = design.X[j * n + i];
            b[i, q + p] = design.Response[i];
        }
        var a = b.TransposeThisAndMultiply(b);
        for (int r = 0; r < q; r++)
            a[r, r] += 1.0;
        return a.Cholesky().Factor;
    }

    private static void Close(double expected, double actual, string where) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-10 * Math.Max(1.0, Math.Abs(expected)),
            $"{where}: reference {expected:R}, factor {actual:R}");

    public static TheoryData<int, int, int, int, int> Shapes => new()
    {
        // n, levels of g1, k1, levels of g2, k2
        { 240, 30, 1, 12, 1 },   // diagonal first block, scalar later term
        { 240, 30, 2, 12, 1 },   // 2 x 2 first blocks
        { 240, 20, 1, 9, 2 },    // vector later term
        { 300, 25, 2, 10, 2 },   // both vector
        { 200, 25, 1, 0, 1 },    // one term: no later-terms blocks, the trailing pivot is [X y] alone
        { 200, 25, 2, 0, 1 },    // one vector term
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_block_of_the_dense_kind_equals_the_dense_reference_factor(int n, int levels1, int k1, int levels2, int k2)
    {
        var design = Random(n, levels1, k1, levels2, k2, seed: n + 7 * k1 + 13 * k2);
        var later = levels2 == 0 ? Array.Empty<(int, int)>() : new[] { (levels2, k2) };
        AssertDenseKindEqualsReference(design, levels1, k1, later, KernelOptions.DefaultCholeskyBlockSize, seed: levels1);
    }

    /// <summary>Several later terms of different sizes, scalar and vector-valued: each is a pivot of its own on the dense
    /// kind (a blocked right-looking Cholesky over the term blocks), and every entry of L still equals the reference.
    /// Block widths 96 (each term one Cholesky block step or fewer, some narrower than a strip), 8 (terms of several
    /// steps, a step never crossing a term's end) and 5 (steps ending inside a 2-column level).</summary>
    [Theory]
    [InlineData(400, 40, 1, 96)]
    [InlineData(400, 40, 2, 8)]
    [InlineData(360, 30, 1, 5)]
    public void Several_later_terms_are_one_pivot_each_and_equal_the_dense_reference(int n, int levels1, int k1, int blockSize)
    {
        (int, int)[] later = { (13, 2), (17, 1), (6, 1), (4, 2) };
        var design = Random(n, levels1, k1, later, seed: n + blockSize);
        AssertDenseKindEqualsReference(design, levels1, k1, later, blockSize, seed: blockSize);
    }

    private static void AssertDenseKindEqualsReference(ModelDesign design, int levels1, int k1, (int Levels, int Columns)[] later,
        int blockSize, int seed)
    {
        var model = new LinearMixedModel(design, new KernelOptions { TrailingFactor = TrailingFactorKind.Dense, CholeskyBlockSize = blockSize });
        var theta = ThetaAt(model, seed);
        var factor = model.Factor;
        Assert.True(factor.Update(theta));
        var reference = ReferenceFactor(design, theta);
        AssertStructure(factor.Structure, k1 == 1 ? BlockKind.Diagonal : BlockKind.UniformBlockDiagonal, BlockKind.Dense,
            later.Select(t => t.Levels * t.Columns).ToArray());

        int q0 = levels1 * k1, qd = later.Sum(t => t.Levels * t.Columns), p = design.FixedEffectCount, m = factor.TrailingSize;
        Assert.Equal(qd + p + 1, m);

        // First term: uniform block-diagonal, column-major k1 x k1 blocks; the reference is zero between levels.
        for (int level = 0; level < levels1; level++)
            for (int c = 0; c < k1; c++)
                for (int r = c; r < k1; r++)
                    Close(reference[level * k1 + r, level * k1 + c], factor.First.Values[level * k1 * k1 + c * k1 + r], $"first block {level} ({r},{c})");
        for (int r = 0; r < q0; r++)
            for (int c = 0; c < r; c++)
                if (r / k1 != c / k1)
                    Assert.Equal(0.0, reference[r, c]);

        // Block-sparse panel: the pattern's entries equal the reference, and the reference is zero off the pattern.
        var panel = factor.Sparse;
        var covered = new bool[qd, q0];
        for (int level = 0; level < levels1; level++)
            for (int c = 0; c < k1; c++)
                for (int e = panel.LevelStart[level]; e < panel.LevelStart[level + 1]; e++)
                {
                    int row = panel.Rows[e];
                    covered[row, level * k1 + c] = true;
                    Close(reference[q0 + row, level * k1 + c], panel.Values[panel.ColumnOffset(level, c) + e - panel.LevelStart[level]], $"sparse panel ({row},{level * k1 + c})");
                }
        for (int r = 0; r < qd; r++)
            for (int c = 0; c < q0; c++)
                if (!covered[r, c])
                    Assert.True(Math.Abs(reference[q0 + r, c]) < 1e-12, $"reference nonzero off the panel's pattern at ({r},{c})");

        // Dense panel: the [X y] rows under the first term's columns.
        for (int t = 0; t <= p; t++)
            for (int c = 0; c < q0; c++)
                Close(reference[q0 + qd + t, c], factor.Dense.Values[t * q0 + c], $"dense panel ({t},{c})");

        // Dense trailing block: every lower entry (column-major m x m).
        for (int c = 0; c < m; c++)
            for (int r = c; r < m; r++)
                Close(reference[q0 + r, q0 + c], factor.Trailing[(long)c * m + r], $"trailing ({r},{c})");

        CloseSummaries(reference, factor, q0 + qd, p);
    }

    [Theory]
    [InlineData(240, 30, 1, 60)]
    [InlineData(400, 40, 2, 80)]
    public void The_sparse_kind_equals_the_dense_reference_in_every_ordering_invariant_part(int n, int levels1, int k1, int levels2)
    {
        var design = Random(n, levels1, k1, levels2, 1, seed: n + levels2);
        var model = new LinearMixedModel(design, new KernelOptions { TrailingFactor = TrailingFactorKind.Sparse });
        Assert.Equal(TrailingFactorKind.Sparse, model.Factor.Kind);
        var theta = ThetaAt(model, seed: levels2);
        var factor = model.Factor;
        Assert.True(factor.Update(theta));
        var reference = ReferenceFactor(design, theta);
        AssertStructure(factor.Structure, k1 == 1 ? BlockKind.Diagonal : BlockKind.UniformBlockDiagonal, BlockKind.SparseSupernodal, new[] { levels2 });
        int q = levels1 * k1 + levels2, p = design.FixedEffectCount;

        // The first term's blocks and panels come before the trailing ordering, so they are compared entry by entry.
        for (int level = 0; level < levels1; level++)
            for (int c = 0; c < k1; c++)
                for (int r = c; r < k1; r++)
                    Close(reference[level * k1 + r, level * k1 + c], factor.First.Values[level * k1 * k1 + c * k1 + r], $"first block {level} ({r},{c})");
        CloseSummaries(reference, factor, q, p);
    }

    /// <summary>The block list the factor ran over: so each case above names the kernel pairs it checked (the first
    /// pivot's kind against each block under it, the trailing kind against each of those in the downdate, and on the
    /// dense kind each later term's pivot over the blocks below it). <paramref name="laterRows"/>: rows of each later
    /// term, in order.</summary>
    private static void AssertStructure(BlockStructure structure, BlockKind first, BlockKind trailing, int[] laterRows)
    {
        int terms = laterRows.Length;
        var expected = new List<(BlockRow, int, BlockRow, int, BlockKind)> { (BlockRow.FirstTerm, -1, BlockRow.FirstTerm, -1, first) };
        for (int i = 0; i < terms; i++)
            expected.Add((BlockRow.LaterTerm, i, BlockRow.FirstTerm, -1, BlockKind.BlockSparse));
        expected.Add((BlockRow.FixedAndResponse, -1, BlockRow.FirstTerm, -1, BlockKind.Dense));
        if (trailing == BlockKind.SparseSupernodal)
        {
            // The supernodal kind keeps the later terms one block row: its fill-reducing order interleaves them.
            expected.Add((BlockRow.LaterTerms, -1, BlockRow.LaterTerms, -1, trailing));
            expected.Add((BlockRow.FixedAndResponse, -1, BlockRow.LaterTerms, -1, trailing));
        }
        else
        {
            for (int j = 0; j < terms; j++)
            {
                for (int i = j; i < terms; i++)
                    expected.Add((BlockRow.LaterTerm, i, BlockRow.LaterTerm, j, trailing));
                expected.Add((BlockRow.FixedAndResponse, -1, BlockRow.LaterTerm, j, trailing));
            }
        }
        expected.Add((BlockRow.FixedAndResponse, -1, BlockRow.FixedAndResponse, -1, trailing));
        Assert.Equal(expected, structure.Blocks.Select(b => (b.Row, b.RowTerm, b.Column, b.ColumnTerm, b.Kind)).ToList());
        // The term blocks are the trailing rows term by term.
        var starts = new int[terms + 1];
        for (int i = 0; i < terms; i++)
            starts[i + 1] = starts[i] + laterRows[i];
        Assert.Equal(starts, structure.LaterTermStarts);
    }

    /// <summary>A pair of kinds without a kernel fails when the plan is made (the factor is built), with the error id
    /// docs/errors.md lists and the step it could not do, instead of crashing mid-fit.</summary>
    [Theory]
    [InlineData("Dense", "Dense", "factor L[FirstTerm, FirstTerm] (Dense)")]
    [InlineData("BlockSparse", "Dense", "factor L[FirstTerm, FirstTerm] (BlockSparse)")]
    [InlineData("Diagonal", "BlockSparse", "downdate the trailing blocks (BlockSparse) by L[LaterTerm 0, FirstTerm] (BlockSparse)")]
    [InlineData("UniformBlockDiagonal", "Diagonal", "downdate the trailing blocks (Diagonal) by L[LaterTerm 0, FirstTerm] (BlockSparse)")]
    public void A_pair_of_kinds_without_a_kernel_is_refused_when_the_factor_is_planned(string first, string trailing, string step)
    {
        var structure = new BlockStructure(Enum.Parse<BlockKind>(first), Enum.Parse<BlockKind>(trailing), new[] { 0, 4, 10 });
        var error = Assert.Throws<LmmPS.Core.Common.LmmException>(() => BlockKernels.Plan(structure));
        Assert.Equal("BlockKernelMissing", error.ErrorId);
        Assert.Contains(step, error.Message);
    }

    /// <summary>The parts of L that do not depend on the order of the random-effects rows: B = [L_X 0; l_yX' l_yy] (the
    /// Cholesky factor of the Schur complement of A onto [X y]), log|L_Z|^2, log|L_X|^2 and pwrss = l_yy^2.</summary>
    private static void CloseSummaries(Matrix<double> reference, BlockedFactor factor, int q, int p)
    {
        var reader = new TrailingReader(factor);
        for (int c = 0; c <= p; c++)
            for (int r = c; r <= p; r++)
                Close(reference[q + r, q + c], reader.XyBlock(r, c), $"[X y] block ({r},{c})");
        double logZ = 0.0, logX = 0.0;
        for (int r = 0; r < q; r++)
            logZ += 2.0 * Math.Log(reference[r, r]);
        for (int r = 0; r < p; r++)
            logX += 2.0 * Math.Log(reference[q + r, q + r]);
        Close(logZ, factor.LogDetLZSquared(), "log|L_Z|^2");
        Close(logX, factor.LogDetLXSquared(), "log|L_X|^2");
        Close(reference[q + p, q + p] * reference[q + p, q + p], factor.PenalizedRss(), "pwrss");
    }

    /// <summary>A theta away from the start: diagonals in [0.3, 1.8], off-diagonals in [-0.5, 0.5].</summary>
    private static double[] ThetaAt(LinearMixedModel model, int seed)
    {
        var random = new System.Random(seed);
        var layout = new ThetaLayout(model.Design.RandomTerms);
        var theta = new double[layout.Count];
        for (int i = 0; i < theta.Length; i++)
            theta[i] = layout.Lower[i] == 0.0 ? 0.3 + 1.5 * random.NextDouble() : random.NextDouble() - 0.5;
        return theta;
    }
}
