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

/// <summary>The block rows (and columns) of L: the first random-effects term, a later term (the dense kind: one block row
/// per term), the later terms as one (the sparse supernodal kind), and [X y].</summary>
internal enum BlockRow
{
    FirstTerm = 0,

    /// <summary>One later term (<see cref="FactorBlock.RowTerm"/> or <see cref="FactorBlock.ColumnTerm"/> says which,
    /// 0-based among the later terms): the dense trailing kind.</summary>
    LaterTerm = 1,

    /// <summary>Every later term as one block row: the sparse supernodal kind, whose fill-reducing order interleaves
    /// the later terms' rows (and may place [X y]'s own supernode among them only at the end), so no term is a pivot
    /// of its own there.</summary>
    LaterTerms = 2,

    FixedAndResponse = 3,
}

/// <summary>One block L[Row, Column] (Row &gt;= Column) and its kind; a <see cref="BlockRow.LaterTerm"/> row or column
/// names its term (0-based among the later terms; -1 for any other row).</summary>
internal readonly struct FactorBlock
{
    public FactorBlock(BlockRow row, BlockRow column, BlockKind kind, int rowTerm = -1, int columnTerm = -1)
    {
        Row = row;
        Column = column;
        Kind = kind;
        RowTerm = row == BlockRow.LaterTerm ? rowTerm : -1;
        ColumnTerm = column == BlockRow.LaterTerm ? columnTerm : -1;
    }

    public BlockRow Row { get; }

    public BlockRow Column { get; }

    public BlockKind Kind { get; }

    public int RowTerm { get; }

    public int ColumnTerm { get; }

    public override string ToString() => $"L[{Name(Row, RowTerm)}, {Name(Column, ColumnTerm)}] ({Kind})";

    private static string Name(BlockRow row, int term) => row == BlockRow.LaterTerm ? $"LaterTerm {term}" : row.ToString();
}

/// <summary>The list of L's blocks, lower triangle, column by column, each of a kind chosen from the cross-product:
/// <code>
///   L[F, F]      Diagonal (k0 = 1) or UniformBlockDiagonal     F = the first term
///   L[D_i, F]    BlockSparse, one per later term i            D_i = later term i (one panel holds them all)
///   L[B, F]      Dense                                        B = [X y]
///   dense kind:      L[D_j, D_j], L[D_i, D_j] (i &gt; j), L[B, D_j] for each later term j, then L[B, B]: Dense
///   sparse kind:     L[D, D], L[B, D], L[B, B]: SparseSupernodal  (D = every later term, one block row)
/// </code>
/// On the dense kind each later term is a pivot of its own: the factorization runs a blocked right-looking Cholesky
/// over the term blocks (factor L[D_j, D_j], solve the blocks below it, update the blocks to the lower right), then
/// factors L[B, B]. The blocks are offset ranges of the one dense trailing array (<see cref="TrailingMatrix"/> owns
/// the offsets), so every reader of that array is unchanged. A term of one column per level whose own diagonal block
/// would be diagonal is still Dense here: it meets the earlier terms' updates as a dense block, and a Diagonal kind for
/// a later term needs kernels for the pairs that would then meet (not written). On the sparse supernodal kind the later
/// terms stay one block row: its fill-reducing order interleaves their rows, so its pivots are supernodes, not terms.</summary>
internal sealed class BlockStructure
{
    /// <param name="first">Kind of L[F, F].</param>
    /// <param name="trailing">Kind of the blocks right of F: Dense gives one block row per later term, SparseSupernodal
    /// one for them all.</param>
    /// <param name="laterTermStarts">The later terms' first trailing rows and, last, q_D (so term j has rows
    /// [starts[j], starts[j+1])); { 0 } when there is no later term.</param>
    public BlockStructure(BlockKind first, BlockKind trailing, IReadOnlyList<int> laterTermStarts)
    {
        if (laterTermStarts.Count < 1)
            throw new ArgumentException("The later terms' starts end with q_D.", nameof(laterTermStarts));
        First = first;
        Trailing = trailing;
        LaterTermStarts = laterTermStarts.ToArray();
        int terms = LaterTermStarts.Length - 1;
        var blocks = new List<FactorBlock> { new(BlockRow.FirstTerm, BlockRow.FirstTerm, first) };
        var under = new List<FactorBlock>();
        for (int i = 0; i < terms; i++)
            under.Add(new FactorBlock(BlockRow.LaterTerm, BlockRow.FirstTerm, BlockKind.BlockSparse, rowTerm: i));
        under.Add(new FactorBlock(BlockRow.FixedAndResponse, BlockRow.FirstTerm, BlockKind.Dense));
        blocks.AddRange(under);
        if (terms > 0 && trailing == BlockKind.SparseSupernodal)
        {
            blocks.Add(new FactorBlock(BlockRow.LaterTerms, BlockRow.LaterTerms, trailing));
            blocks.Add(new FactorBlock(BlockRow.FixedAndResponse, BlockRow.LaterTerms, trailing));
        }
        else
        {
            for (int j = 0; j < terms; j++)
            {
                for (int i = j; i < terms; i++)
                    blocks.Add(new FactorBlock(BlockRow.LaterTerm, BlockRow.LaterTerm, trailing, rowTerm: i, columnTerm: j));
                blocks.Add(new FactorBlock(BlockRow.FixedAndResponse, BlockRow.LaterTerm, trailing, columnTerm: j));
            }
        }
        blocks.Add(new FactorBlock(BlockRow.FixedAndResponse, BlockRow.FixedAndResponse, trailing));
        Blocks = blocks;
        UnderFirst = under;
    }

    /// <summary>The structure of the factor of <paramref name="a"/>: the first term's kind from its column count, the
    /// trailing kind the cross-product chose (<see cref="BlockedCrossProduct.Kind"/>), the later terms' rows.</summary>
    public static BlockStructure Of(BlockedCrossProduct a)
    {
        var starts = new List<int>();
        for (int j = 1; j < a.TermRowOffset.Length; j++)
            starts.Add(a.TermRowOffset[j]);
        starts.Add(a.LaterRows);
        return new(a.FirstColumns == 1 ? BlockKind.Diagonal : BlockKind.UniformBlockDiagonal,
            a.SparseTrailing is null ? BlockKind.Dense : BlockKind.SparseSupernodal, starts);
    }

    /// <summary>Every block, column by column, each column's diagonal block first.</summary>
    public IReadOnlyList<FactorBlock> Blocks { get; }

    /// <summary>The blocks under L[F, F], top down: the first pivot's block column.</summary>
    public IReadOnlyList<FactorBlock> UnderFirst { get; }

    /// <summary>Kind of L[F, F].</summary>
    public BlockKind First { get; }

    /// <summary>Kind of the blocks right of the first term's column (columns D and B).</summary>
    public BlockKind Trailing { get; }

    /// <summary>Later term j's trailing rows are [LaterTermStarts[j], LaterTermStarts[j+1]).</summary>
    public int[] LaterTermStarts { get; }

    public int LaterTermCount => LaterTermStarts.Length - 1;

    public bool HasLaterTerms => LaterTermCount > 0;

    /// <summary>True when each later term is a pivot (block row and column) of its own (the dense kind).</summary>
    public bool TermPivots => HasLaterTerms && Trailing != BlockKind.SparseSupernodal;

    /// <summary>The kind of L[row, column] (terms as in <see cref="FactorBlock"/>); throws for a block the structure
    /// does not hold.</summary>
    public BlockKind KindOf(BlockRow row, BlockRow column, int rowTerm = -1, int columnTerm = -1)
    {
        var wanted = new FactorBlock(row, column, BlockKind.Dense, rowTerm, columnTerm);
        foreach (var block in Blocks)
            if (block.Row == wanted.Row && block.Column == wanted.Column && block.RowTerm == wanted.RowTerm && block.ColumnTerm == wanted.ColumnTerm)
                return block.Kind;
        throw new ArgumentException($"The factor has no block {wanted.ToString().Replace(" (Dense)", "")}.", nameof(row));
    }
}
