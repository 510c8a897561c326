using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>One kernel per step of the factorization and pair of block kinds (<see cref="BlockStructure"/>). With F the
/// first term, D the later terms, B = [X y], T the first term's template and Lambda_i the later rows' scaling:
/// <code>
///   factor    L[F,F] := chol(T' A[F,F] T + I)                      by the kind of L[F,F]
///   solve     L[i,F] := (Lambda_i' A[i,F] T) L[F,F]^-T, i = D, B   by (kind of L[i,F], kind of L[F,F])
///   form      M := Lambda' A[DB,DB] Lambda + diag(I, 0)            by the trailing kind
///   downdate  M[k:, k] -= L[k:, F] L[k, F]', k = D, B              by (trailing kind, kind of L[k,F])
///   factor    L[DB,DB] := chol(M)                                  by the trailing kind
/// </code>
/// (Scaling is fused into the first pivot's kernels: each scales a copy of A's block and factors or solves it in one
/// pass.) A pair without a kernel fails when the factor is built (<see cref="Plan"/>), never mid-fit. Every kernel
/// is today's code for today's kinds, called in the order the hard-wired factorization called it, so the numbers are
/// the same to the last bit.</summary>
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

    private static Func<BlockedFactor, bool>? FactorTrailingKernel(BlockKind trailing) => trailing switch
    {
        BlockKind.Dense => FactorDense,
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
            downdateSections[i] = block.Row == BlockRow.LaterTerms ? 3 : 4;
        }
        var form = Found(FormKernel(structure.Trailing), $"form the trailing blocks ({structure.Trailing})");
        var factorTrailing = Found(FactorTrailingKernel(structure.Trailing), $"factor the trailing blocks ({structure.Trailing})");
        return new FactorPlan(factorFirst, solves, form, downdates, downdateSections, factorTrailing);
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

    private static bool FactorDense(BlockedFactor f) =>
        DenseCholesky.TryFactor(f.Trailing, 0, f.TrailingSize, f.TrailingSize, f.Workspace, f.Kernels, f.Cancellation);

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
    private readonly Func<BlockedFactor, bool> _factorTrailing;

    public FactorPlan(Action<BlockedFactor> factorFirst, Action<BlockedFactor>[] solves, Action<BlockedFactor> form,
        Action<BlockedFactor>[] downdates, int[] downdateSections, Func<BlockedFactor, bool> factorTrailing)
    {
        _factorFirst = factorFirst;
        _solves = solves;
        _form = form;
        _downdates = downdates;
        _downdateSections = downdateSections;
        _factorTrailing = factorTrailing;
    }

    /// <summary>The factorization over the block list, written once: the first pivot (factor its diagonal block,
    /// solve the blocks under it), then the trailing pivot (form it, downdate it by each block under the first
    /// pivot, factor it). Marks <paramref name="sections"/> as <see cref="BlockedFactor.SectionNames"/> lists them.</summary>
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
        bool factored = _factorTrailing(f);
        sections?.Mark(5);
        return factored;
    }
}
