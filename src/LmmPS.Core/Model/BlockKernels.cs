using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>One kernel per step of the factorization and pair of block kinds (<see cref="BlockStructure"/>). With F the
/// first term, D_j the later terms, B = [X y], T the first term's template and Lambda_i the later rows' scaling:
/// <code>
///   factor    L[F,F] := chol(T' A[F,F] T + I)                      by the kind of L[F,F]
///   solve     L[i,F] := (Lambda_i' A[i,F] T) L[F,F]^-T, i = D, B   by (kind of L[i,F], kind of L[F,F])
///   form      M := Lambda' A[DB,DB] Lambda + diag(I, 0)            by the trailing kind
///   downdate  M[k:, k] -= L[k:, F] L[k, F]', k = D, B              by (trailing kind, kind of L[k,F])
///   dense kind, for each later term j (a blocked right-looking Cholesky over the term blocks):
///     factor  L[D_j,D_j] := chol(M[D_j,D_j])
///     solve   L[i,D_j] := M[i,D_j] L[D_j,D_j]^-T, i = D_(j+1).., B
///     update  M[i,k] -= L[i,D_j] L[k,D_j]' for the blocks to the lower right   by (kind of L[D_j,D_j], kind below)
///   factor    L[B,B] := chol(M[B,B])                               by the kind of L[B,B]
///   sparse supernodal kind: factor L[DB,DB] := chol(M) in its fill-reducing order (D is one block row there)
/// </code>
/// (Scaling is fused into the first pivot's kernels: each scales a copy of A's block and factors or solves it in one
/// pass. The term pivot's three steps are one kernel, <see cref="DenseCholesky.TryFactorLeading"/>, run in block steps of
/// at most 96 columns each of which factors a diagonal sub-block, solves the rows under it and updates the lower
/// right: splitting them at term width would need a rectangular product kernel for the wide solve, and would do the
/// same flops.) A pair without a kernel fails when the factor is built (<see cref="Plan"/>), never mid-fit. The
/// first pivot's kernels and the sparse kind's are today's code in today's order, so their numbers are unchanged; the
/// dense kind's term pivots start the Cholesky's 96-column steps at each term's first row instead of every 96 rows
/// from the first later term, which moves objectives at rounding level (bench/README.md, "Term pivots").</summary>
internal static class BlockKernels
{
    // --- the tables: one kernel per kind or pair of kinds, null where there is none --------------------------------

    private static Action<BlockedFactor>? FactorFirstKernel(BlockKind first) => first switch
    {
        BlockKind.Diagonal or BlockKind.UniformBlockDiagonal => FactorUniformBlocks,
        _ => null,
    };

    private static Action<BlockedFactor>? SolveKernel(BlockKind under, BlockKind diagonal) => (under, diagonal) switch
    {
        (BlockKind.BlockSparse, BlockKind.Diagonal or BlockKind.UniformBlockDiagonal) => SolveSparseByUniform,
        (BlockKind.Dense, BlockKind.Diagonal or BlockKind.UniformBlockDiagonal) => SolveDenseByUniform,
        _ => null,
    };

    private static Action<BlockedFactor>? FormKernel(BlockKind trailing) => trailing switch
    {
        BlockKind.Dense => FormDense,
        BlockKind.SparseSupernodal => FormSupernodal,
        _ => null,
    };

    private static Action<BlockedFactor>? DowndateKernel(BlockKind target, BlockKind source) => (target, source) switch
    {
        (BlockKind.Dense, BlockKind.BlockSparse) => DowndateDenseBySparse,
        (BlockKind.Dense, BlockKind.Dense) => DowndateDenseByDense,
        (BlockKind.SparseSupernodal, BlockKind.BlockSparse) => DowndateSupernodalBySparse,
        (BlockKind.SparseSupernodal, BlockKind.Dense) => DowndateSupernodalByDense,
        _ => null,
    };

    /// <summary>One later term's pivot (factor its diagonal block, solve the blocks below, update the lower right), by
    /// (kind of L[D_j, D_j], kind of the blocks below it).</summary>
    private static Func<BlockedFactor, int, int, bool>? TermPivotKernel(BlockKind diagonal, BlockKind below) => (diagonal, below) switch
    {
        (BlockKind.Dense, BlockKind.Dense) => PivotDenseTerm,
        _ => null,
    };

    /// <summary>The last pivot: L[B, B] on the dense kind (every later term already eliminated), the whole trailing
    /// part on the supernodal kind.</summary>
    private static Func<BlockedFactor, bool>? FactorTrailingKernel(BlockKind trailing) => trailing switch
    {
        BlockKind.Dense => FactorDenseBorder,
        BlockKind.SparseSupernodal => FactorSupernodal,
        _ => null,
    };

    /// <summary>The kernels of <paramref name="structure"/>'s steps, in order; throws <see cref="LmmException"/>
    /// (BlockKernelMissing) naming the first step whose pair of kinds has none.</summary>
    public static FactorPlan Plan(BlockStructure structure)
    {
        var factorFirst = Found(FactorFirstKernel(structure.First), $"factor L[FirstTerm, FirstTerm] ({structure.First})");
        var under = structure.UnderFirst;
        var solves = new Action<BlockedFactor>[under.Count];
        var downdates = new Action<BlockedFactor>[under.Count];
        var downdateSections = new int[under.Count];
        for (int i = 0; i < under.Count; i++)
        {
            var block = under[i];
            solves[i] = Found(SolveKernel(block.Kind, structure.First), $"solve {block} by L[FirstTerm, FirstTerm] ({structure.First})");
            downdates[i] = Found(DowndateKernel(structure.Trailing, block.Kind), $"downdate the trailing blocks ({structure.Trailing}) by {block}");
            downdateSections[i] = block.Row == BlockRow.LaterTerm ? 3 : 4;
        }
        // One block-sparse panel holds every L[D_i, F]: its kernels run once, on the first of those blocks (the others'
        // pairs were checked above).
        var once = new List<int>();
        for (int i = 0; i < under.Count; i++)
            if (under[i].Row != BlockRow.LaterTerm || under[i].RowTerm == 0)
                once.Add(i);
        var form = Found(FormKernel(structure.Trailing), $"form the trailing blocks ({structure.Trailing})");
        var pivots = new Func<BlockedFactor, int, int, bool>[structure.TermPivots ? structure.LaterTermCount : 0];
        for (int j = 0; j < pivots.Length; j++)
        {
            var diagonal = structure.KindOf(BlockRow.LaterTerm, BlockRow.LaterTerm, j, j);
            var below = structure.KindOf(BlockRow.FixedAndResponse, BlockRow.LaterTerm, columnTerm: j);
            pivots[j] = Found(TermPivotKernel(diagonal, below), $"eliminate later term {j}: L[LaterTerm {j}, LaterTerm {j}] ({diagonal}) over the blocks below it ({below})");
        }
        var last = structure.KindOf(BlockRow.FixedAndResponse, BlockRow.FixedAndResponse);
        var factorTrailing = Found(FactorTrailingKernel(last), $"factor the trailing blocks ({last})");
        return new FactorPlan(factorFirst, once.Select(i => solves[i]).ToArray(), form, once.Select(i => downdates[i]).ToArray(),
            once.Select(i => downdateSections[i]).ToArray(), pivots, structure.LaterTermStarts, factorTrailing);
    }

    private static TKernel Found<TKernel>(TKernel? kernel, string step) where TKernel : Delegate =>
        kernel ?? throw new LmmException("BlockKernelMissing", LmmErrorCategory.NotImplemented,
            $"The factorization has no kernel to {step}: this combination of block kinds is not supported.");

    // --- today's kernels for today's kinds ------------------------------------------------------------------------

    private static void FactorUniformBlocks(BlockedFactor f) => f.First.SetScaledFactor(f.CrossProduct.First, f.FirstTemplate);

    private static void SolveSparseByUniform(BlockedFactor f) =>
        f.Sparse.SetScaledSolved(f.CrossProduct.Sparse, f.FirstTemplate, f.Scaling, f.First);

    private static void SolveDenseByUniform(BlockedFactor f) => f.Dense.SetScaledSolved(f.CrossProduct.Dense, f.FirstTemplate, f.First);

    private static void FormDense(BlockedFactor f)
    {
        f.TrailingScaling.Scale(f.CrossProduct, f.Scaling, f.Trailing, f.Kernels.MaxThreads, f.Cancellation);
        f.DenseTrailing.AddToDiagonal(f.CrossProduct.LaterRows, 1.0);
    }

    private static void FormSupernodal(BlockedFactor f) => f.SparseTrailing!.Form(f.CrossProduct.SparseTrailing!, f.Scaling);

    /// <summary>M[D, D] -= S S' and M[B, D] -= D S' in one pass over M's columns (S = L[D,F], D = L[B,F]).</summary>
    private static void DowndateDenseBySparse(BlockedFactor f)
    {
        PanelDowndate.Transpose(f.Dense, f.DenseByColumn);
        PanelDowndate.SparseByColumn(f.Sparse, f.SparseRowIndex, f.DenseByColumn, f.Dense.RowCount, f.Trailing, f.TrailingSize,
            f.Kernels.MaxThreads, f.Cancellation);
    }

    /// <summary>M[B, B] -= D D'.</summary>
    private static void DowndateDenseByDense(BlockedFactor f) => PanelDowndate.DenseDense(f.Dense, f.CrossProduct.LaterRows, f.Trailing, f.TrailingSize);

    private static void DowndateSupernodalBySparse(BlockedFactor f) =>
        f.SparseTrailing!.DowndateByLevels(f.CrossProduct.SparseTrailing!, f.Sparse, f.Dense);

    private static void DowndateSupernodalByDense(BlockedFactor f) => f.SparseTrailing!.DowndateBorder(f.CrossProduct.SparseTrailing!, f.Dense);

    /// <summary>Later term j's pivot on the dense kind: its rows [s, e) of the trailing array, whose lower-right part from
    /// (s, s) on (m - s square) already holds every earlier pivot's update. Factors L[D_j, D_j], solves L[D_i, D_j] and
    /// L[B, D_j], and updates the (m - e) square to the lower right.</summary>
    private static bool PivotDenseTerm(BlockedFactor f, int s, int e)
    {
        var layout = f.DenseTrailing;
        return DenseCholesky.TryFactorLeading(f.Trailing, layout.Offset(s, s), layout.Size, layout.Size - s, e - s, f.Workspace,
            f.Kernels, f.Cancellation);
    }

    /// <summary>L[B, B] := chol(M[B, B]) once every later term is eliminated (the whole trailing array when there is none).</summary>
    private static bool FactorDenseBorder(BlockedFactor f)
    {
        var layout = f.DenseTrailing;
        int qd = layout.LaterCount;
        return DenseCholesky.TryFactor(f.Trailing, layout.Offset(qd, qd), layout.Size, layout.Size - qd, f.Workspace, f.Kernels, f.Cancellation);
    }

    private static bool FactorSupernodal(BlockedFactor f) => f.SparseTrailing!.TryFactor(f.Cancellation);
}

/// <summary>The kernels of one factor's steps, resolved once from its <see cref="BlockStructure"/>.</summary>
internal sealed class FactorPlan
{
    private readonly Action<BlockedFactor> _factorFirst;
    private readonly Action<BlockedFactor>[] _solves;
    private readonly Action<BlockedFactor> _form;
    private readonly Action<BlockedFactor>[] _downdates;
    private readonly int[] _downdateSections;
    private readonly Func<BlockedFactor, int, int, bool>[] _termPivots;
    private readonly int[] _termStarts;
    private readonly Func<BlockedFactor, bool> _factorTrailing;

    public FactorPlan(Action<BlockedFactor> factorFirst, Action<BlockedFactor>[] solves, Action<BlockedFactor> form,
        Action<BlockedFactor>[] downdates, int[] downdateSections, Func<BlockedFactor, int, int, bool>[] termPivots, int[] termStarts,
        Func<BlockedFactor, bool> factorTrailing)
    {
        _factorFirst = factorFirst;
        _solves = solves;
        _form = form;
        _downdates = downdates;
        _downdateSections = downdateSections;
        _termPivots = termPivots;
        _termStarts = termStarts;
        _factorTrailing = factorTrailing;
    }

    /// <summary>The factorization over the block list, written once: the first pivot (factor its diagonal block,
    /// solve the blocks under it), then the trailing part (form it, downdate it by each block under the first pivot),
    /// then each later term's pivot in turn (the dense kind; none on the supernodal kind), then the last pivot.
    /// Marks <paramref name="sections"/> as <see cref="BlockedFactor.SectionNames"/> lists them (the term pivots and
    /// the last one are "dense_cholesky").</summary>
    public bool Run(BlockedFactor f, SectionTimer? sections)
    {
        _factorFirst(f);
        sections?.Mark(0);
        foreach (var solve in _solves)
            solve(f);
        sections?.Mark(1);
        _form(f);
        sections?.Mark(2);
        for (int i = 0; i < _downdates.Length; i++)
        {
            _downdates[i](f);
            sections?.Mark(_downdateSections[i]);
        }
        for (int j = 0; j < _termPivots.Length; j++)
            if (!_termPivots[j](f, _termStarts[j], _termStarts[j + 1]))
            {
                sections?.Mark(5);
                return false;
            }
        bool factored = _factorTrailing(f);
        sections?.Mark(5);
        return factored;
    }
}
