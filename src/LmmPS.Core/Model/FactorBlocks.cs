namespace LmmPS.Core.Model;

/// <summary>How a block of L (and of the cross-product A it is formed from) is stored, chosen at construction from
/// the data. The factorization (<see cref="BlockedFactor"/>) dispatches every step to one kernel per pair of kinds
/// (<see cref="BlockKernels"/>).</summary>
internal enum BlockKind
{
    /// <summary>Diagonal: the uniform block-diagonal kind with 1 x 1 blocks (a scalar first term).</summary>
    Diagonal,

    /// <summary>Equal k x k blocks on the diagonal, one per level (a vector-valued first term).</summary>
    UniformBlockDiagonal,

    /// <summary>Block-sparse by column groups: a level of the first term meets few levels of the others.</summary>
    BlockSparse,

    /// <summary>Dense: every entry stored.</summary>
    Dense,

    /// <summary>Sparse with a supernodal Cholesky in a fill-reducing order (<see cref="SparseTrailingFactor"/>).</summary>
    SparseSupernodal,
}

/// <summary>The block rows (and columns) of L: the first random-effects term, the later terms, and [X y].</summary>
internal enum BlockRow
{
    FirstTerm = 0,
    LaterTerms = 1,
    FixedAndResponse = 2,
}

/// <summary>One block L[Row, Column] (Row &gt;= Column) and its kind.</summary>
internal readonly struct FactorBlock
{
    public FactorBlock(BlockRow row, BlockRow column, BlockKind kind)
    {
        Row = row;
        Column = column;
        Kind = kind;
    }

    public BlockRow Row { get; }

    public BlockRow Column { get; }

    public BlockKind Kind { get; }

    public override string ToString() => $"L[{Row}, {Column}] ({Kind})";
}

/// <summary>The list of L's blocks, lower triangle, column by column, each of a kind chosen from the cross-product:
/// <code>
///   L[F, F]   Diagonal (k0 = 1) or UniformBlockDiagonal       F = the first term
///   L[D, F]   BlockSparse (absent when there is no later term) D = the later terms
///   L[B, F]   Dense                                            B = [X y]
///   L[D, D], L[B, D], L[B, B]   Dense or SparseSupernodal (one kind: they are one storage, the trailing matrix)
/// </code>
/// The later terms form one block row: today's trailing kinds factor them and [X y] as one matrix (a dense Cholesky,
/// or a supernodal one whose fill-reducing order interleaves the later terms), so the blocks of columns D and B are
/// one pivot of the factorization. A kind per later term (its own block row and column) needs kernels for the pairs
/// that would then meet: the seam is <see cref="BlockKernels"/>.</summary>
internal sealed class BlockStructure
{
    public BlockStructure(BlockKind first, BlockKind trailing, bool hasLaterTerms)
    {
        First = first;
        Trailing = trailing;
        HasLaterTerms = hasLaterTerms;
        var blocks = new List<FactorBlock> { new(BlockRow.FirstTerm, BlockRow.FirstTerm, first) };
        var under = new List<FactorBlock>();
        if (hasLaterTerms)
            under.Add(new FactorBlock(BlockRow.LaterTerms, BlockRow.FirstTerm, BlockKind.BlockSparse));
        under.Add(new FactorBlock(BlockRow.FixedAndResponse, BlockRow.FirstTerm, BlockKind.Dense));
        blocks.AddRange(under);
        if (hasLaterTerms)
        {
            blocks.Add(new FactorBlock(BlockRow.LaterTerms, BlockRow.LaterTerms, trailing));
            blocks.Add(new FactorBlock(BlockRow.FixedAndResponse, BlockRow.LaterTerms, trailing));
        }
        blocks.Add(new FactorBlock(BlockRow.FixedAndResponse, BlockRow.FixedAndResponse, trailing));
        Blocks = blocks;
        UnderFirst = under;
    }

    /// <summary>The structure of the factor of <paramref name="a"/>: the first term's kind from its column count, the
    /// trailing kind the cross-product chose (<see cref="BlockedCrossProduct.Kind"/>).</summary>
    public static BlockStructure Of(BlockedCrossProduct a) =>
        new(a.FirstColumns == 1 ? BlockKind.Diagonal : BlockKind.UniformBlockDiagonal,
            a.SparseTrailing is null ? BlockKind.Dense : BlockKind.SparseSupernodal,
            a.LaterRows > 0);

    /// <summary>Every block, column by column, each column's diagonal block first.</summary>
    public IReadOnlyList<FactorBlock> Blocks { get; }

    /// <summary>The blocks under L[F, F], top down: the first pivot's block column.</summary>
    public IReadOnlyList<FactorBlock> UnderFirst { get; }

    /// <summary>Kind of L[F, F].</summary>
    public BlockKind First { get; }

    /// <summary>Kind of the trailing pivot's blocks (columns D and B).</summary>
    public BlockKind Trailing { get; }

    public bool HasLaterTerms { get; }

    /// <summary>The kind of L[row, column]; throws for a block the structure does not hold.</summary>
    public BlockKind KindOf(BlockRow row, BlockRow column)
    {
        foreach (var block in Blocks)
            if (block.Row == row && block.Column == column)
                return block.Kind;
        throw new ArgumentException($"The factor has no block L[{row}, {column}].", nameof(row));
    }
}
