using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Core.Model;

/// <summary>The blocked Cholesky factor L of Lambda'[Z X y]'[Z X y]Lambda + diag(I, 0), updated in place for each
/// theta. Its blocks are a list, each of a kind chosen at construction (<see cref="Structure"/>), and the
/// factorization runs over that list with one kernel per step and pair of kinds (<see cref="BlockKernels"/>): factor
/// the first term's blocks, scale and solve its block column, form the trailing blocks, downdate them by that column
/// and factor them (densely, one pivot per later term and then [X y]; or supernodally on the sparse kind). The blocks and the Cholesky's scratch are allocated
/// once; an evaluation allocates only the small delegates that hand work to the second core.</summary>
internal sealed class BlockedFactor
{
    private BlockedCrossProduct _a;
    private readonly ThetaLayout _layout;
    private readonly double[] _firstTemplate;
    private readonly CholeskyWorkspace _workspace = new();
    private readonly BlockSparseRowIndex _sparseRows;
    private readonly double[] _denseByColumn;
    private readonly double[] _heldTheta;
    private readonly FactorPlan _plan;
    private bool _held;

    public BlockedFactor(BlockedCrossProduct a, ThetaLayout layout, KernelOptions kernels)
    {
        _a = a;
        Kernels = kernels;
        _layout = layout;
        _firstTemplate = new double[a.FirstColumns * a.FirstColumns];
        First = new UniformBlockDiagonal(a.FirstLevels, a.FirstColumns);
        Sparse = new BlockSparsePanel(a.Sparse.RowCount, a.Sparse.ColumnsPerLevel, a.Sparse.LevelStart, a.Sparse.Rows);
        Dense = new DenseRowPanel(a.Dense.RowCount, a.Dense.ColumnCount, a.Dense.ColumnsPerLevel);
        Trailing = new double[a.Trailing.Length];
        if (a.SparseTrailing is { } shape)
            SparseTrailing = new SparseTrailingFactor(shape, kernels.MaxThreads);
        _sparseRows = new BlockSparseRowIndex(Sparse);
        _denseByColumn = new double[Dense.Values.Length];
        _heldTheta = new double[layout.Count];
        Scaling = new RowScaling(a.TermOfRow, a.TermSizes);
        Structure = BlockStructure.Of(a);
        _plan = BlockKernels.Plan(Structure);
    }

    /// <summary>L's blocks and their kinds, chosen from the cross-product at construction.</summary>
    public BlockStructure Structure { get; }

    /// <summary>The first term's template T at the theta of the last update (the first pivot's kernels read it).</summary>
    internal double[] FirstTemplate => _firstTemplate;

    /// <summary>The block-sparse panel's entries by row (the dense trailing kind's downdate reads it).</summary>
    internal BlockSparseRowIndex SparseRowIndex => _sparseRows;

    /// <summary>Scratch: the dense panel transposed (the dense trailing kind's downdate).</summary>
    internal double[] DenseByColumn => _denseByColumn;

    /// <summary>The dense trailing kind's form step.</summary>
    internal DenseTrailingScaling TrailingScaling { get; } = new();

    /// <summary>Lambda over the trailing rows at the theta of the last <see cref="Update"/>: this factor's own, so
    /// factors sharing one cross-product never write to it.</summary>
    public RowScaling Scaling { get; }

    public BlockedCrossProduct CrossProduct => _a;

    /// <summary>Threads and block width of the dense kernels that update this factor and read it (inverse, gradient).</summary>
    public KernelOptions Kernels { get; }

    /// <summary>The token of the call now using this factor (a fit, a profile trace, a bootstrap refit; set by
    /// <see cref="LinearMixedModel.CancelWith"/>): the update's kernels and the readers that do long work on the factor
    /// (gradient, inverse, average information) check it once per block, strip or column group, so a cancelled call
    /// stops within one block's work instead of finishing the evaluation.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>The dense Cholesky's scratch (tests hook its block steps).</summary>
    internal CholeskyWorkspace Workspace => _workspace;

    /// <summary>Factors <paramref name="a"/> from now on: a cross-product of the same design with another response
    /// (<see cref="BlockedCrossProduct.WithResponse"/>), so every block keeps its shape and pattern. The factor holds no
    /// theta until the next <see cref="Update"/>, and anything derived from it is stale (<see cref="Version"/> moves).</summary>
    public void UseCrossProduct(BlockedCrossProduct a)
    {
        if (a.TrailingSize != _a.TrailingSize || !ReferenceEquals(a.Sparse, _a.Sparse) || !ReferenceEquals(a.First, _a.First))
            throw new ArgumentException("The cross-product must share this one's Z blocks (BlockedCrossProduct.WithResponse).", nameof(a));
        _a = a;
        _held = false;
        Version++;
    }

    public UniformBlockDiagonal First { get; }

    public BlockSparsePanel Sparse { get; }

    public DenseRowPanel Dense { get; }

    /// <summary>The sparse kind of the trailing factor, or null for the dense kind (<see cref="Trailing"/>).</summary>
    public SparseTrailingFactor? SparseTrailing { get; }

    public TrailingFactorKind Kind => SparseTrailing is null ? TrailingFactorKind.Dense : TrailingFactorKind.Sparse;

    /// <summary>Throws <see cref="LmmException"/> (SparseFactorUnsupported) on the sparse kind: for the readers that
    /// exist only on the dense one (<paramref name="what"/> names the feature), so they fail with a reason instead of
    /// reading an empty matrix.</summary>
    public void RequireDense(string what)
    {
        if (SparseTrailing is not null)
            throw new LmmException("SparseFactorUnsupported", LmmErrorCategory.NotImplemented,
                $"{what} needs the dense trailing factor, but this model uses the sparse one; build the model with KernelOptions.TrailingFactor = Dense.");
    }

    /// <summary>Dense trailing factor, m x m column-major, lower triangle meaningful (empty for the sparse kind).</summary>
    public double[] Trailing { get; }

    /// <summary><see cref="Trailing"/> in its layout (<see cref="TrailingMatrix"/>): how every reader indexes it.</summary>
    public TrailingMatrix DenseTrailing => new(Trailing, _a.TrailingSize, _a.LaterRows);

    public int TrailingSize => _a.TrailingSize;

    /// <summary>When set, each <see cref="Update"/> charges its sections' time here (bench only).</summary>
    internal SectionTimer? Sections { get; set; }

    /// <summary>The sections <see cref="Sections"/> times, in the order of their marks.</summary>
    internal static readonly string[] SectionNames =
    {
        "set_theta_and_first_block", "scale_first_block_column", "scale_trailing", "sparse_downdate",
        "dense_downdate", "dense_cholesky",
    };

    /// <summary>Refactors for theta and returns the state readers check (<see cref="Check"/>); not factored where the
    /// fixed-effects part is not numerically positive definite (X'X nearly singular given Z), in which case the
    /// objective is +infinity.</summary>
    [MethodImpl(JitHints.Hot)]
    public FactorState Refactor(ReadOnlySpan<double> theta)
    {
        _held = false;
        Version++;
        ResponseFreeVersion = ++_responseFreeIds;
        bool factored = Factor(theta);
        if (factored)
        {
            theta.CopyTo(_heldTheta);
            _held = true;
        }
        return State;
    }

    /// <summary>Hands the dense trailing array (m x m, its contents L_T as they are) to a reader that has read all it needs
    /// from the factor and wants m x m of scratch already in memory (on this kind of machine a fresh m x m array costs
    /// more in first-touch page faults than a factorization). From this call on the factor holds no theta:
    /// <see cref="Version"/> and <see cref="ResponseFreeVersion"/> move, so every state, inverse and kept copy compared
    /// with it is stale, and the next update forms the array again. The reader must not keep the array past its own call.</summary>
    public double[] LendTrailing()
    {
        RequireDense("Lending the trailing factor");
        _held = false;
        Version++;
        ResponseFreeVersion = ++_responseFreeIds;
        return Trailing;
    }

    /// <summary><see cref="Refactor"/>, answering whether it factored.</summary>
    public bool Update(ReadOnlySpan<double> theta) => Refactor(theta).Factored;

    /// <summary>The state of the last update.</summary>
    public FactorState State => new(Version, _held);

    /// <summary>Counts updates (and new cross-products): anything derived from the factor (an inverse) is current
    /// while this has not moved.</summary>
    public long Version { get; private set; }

    private long _responseFreeIds;

    /// <summary>Identifies the numbers of L above y's row (every block but y's row of the dense panel and of the trailing
    /// factor) and Lambda: a new value with every refactor, kept when only y's row is formed again
    /// (<see cref="ReturnTo"/>, or a new cross-product). What is derived from those rows alone (L_T^-1 but its last row,
    /// the first term's Gram sums over random-effect rows: <see cref="InverseLevelBlocks"/>) is current while this has not
    /// moved; everything else is keyed on <see cref="Version"/>, which moves with y's row too.</summary>
    public long ResponseFreeVersion { get; private set; }

    /// <summary>A copy of the factor at the theta it holds (dense kind), to come back to with another response
    /// (<see cref="ReturnTo"/>). Throws <see cref="StaleFactorException"/> when it holds no theta.</summary>
    public FactorSnapshot Snapshot()
    {
        CheckHeld();
        RequireDense("Returning to a kept factor");
        return new FactorSnapshot(this, _heldTheta, ResponseFreeVersion);
    }

    /// <summary>Puts the factor back at <paramref name="snapshot"/>'s theta for the current cross-product: every row of
    /// L but y's is the snapshot's (copied back unless the factor still has them: <see cref="ResponseFreeVersion"/>), and
    /// y's row is formed alone (<see cref="ResponseRow"/>, O(nnz + m^2) instead of a factorization). The same factor as a
    /// <see cref="Refactor"/> at that theta to rounding (not bit for bit: y's row is summed in another order).
    /// <see cref="Version"/> moves, so every state and derived value of the response before is stale.</summary>
    public FactorState ReturnTo(FactorSnapshot snapshot)
    {
        if (!snapshot.IsOf(this))
            throw new ArgumentException("The snapshot was taken of another factor.", nameof(snapshot));
        _held = false;
        Version++;
        if (ResponseFreeVersion != snapshot.ResponseFreeVersion)
        {
            // A new id while the arrays are half copied (a cancelled copy leaves nothing that claims to be current).
            ResponseFreeVersion = ++_responseFreeIds;
            snapshot.CopyInto(this);
            ResponseFreeVersion = snapshot.ResponseFreeVersion;
        }
        var theta = snapshot.Theta;
        SetLambda(theta);
        if (ResponseRow.Form(this, _firstTemplate))
        {
            theta.CopyTo(_heldTheta);
            _held = true;
        }
        return State;
    }

    /// <summary>True when the last <see cref="Update"/> succeeded at exactly these values, so the factor holds theta
    /// (nothing but Update writes the factor). Lets the fit skip refactoring at the optimum the optimizer has just
    /// evaluated; timing loops keep calling Update, which always refactors.</summary>
    public bool Holds(ReadOnlySpan<double> theta) => _held && theta.SequenceEqual(_heldTheta);

    /// <summary><see cref="Update"/> unless the factor already <see cref="Holds"/> theta: the same factor either way.
    /// For reading results at a theta just evaluated; timing loops call Update.</summary>
    public bool EnsureAt(ReadOnlySpan<double> theta) => Holds(theta) || Update(theta);

    /// <summary>The theta the factor holds (throws <see cref="StaleFactorException"/> when it holds none).</summary>
    public ReadOnlySpan<double> HeldTheta
    {
        get
        {
            CheckHeld();
            return _heldTheta;
        }
    }

    /// <summary>Throws <see cref="StaleFactorException"/> unless <paramref name="state"/> is the last update's and it
    /// factored: for readers handed the state of the update they read.</summary>
    public void Check(FactorState state)
    {
        if (state.Version != Version)
            throw new StaleFactorException($"The factor was read with the state of update {state.Version}, but it has been updated since (update {Version}): the numbers would be of another theta.");
        if (!state.Factored)
            throw new StaleFactorException($"The factor was read after update {state.Version}, which failed (the fixed-effects part was not positive definite): there is nothing to read.");
    }

    /// <summary>Throws <see cref="StaleFactorException"/> unless the factor holds exactly <paramref name="theta"/>: for
    /// readers given the theta they mean to read at.</summary>
    public void CheckAt(ReadOnlySpan<double> theta)
    {
        if (!Holds(theta))
            throw new StaleFactorException(_held
                ? $"The factor was read at theta = ({string.Join(", ", theta.ToArray())}) but holds theta = ({string.Join(", ", _heldTheta)}): update it first."
                : $"The factor was read at theta = ({string.Join(", ", theta.ToArray())}) but holds no theta (its last update failed, or the response changed): update it first.");
    }

    /// <summary>Throws <see cref="StaleFactorException"/> when the last update failed or none has been made since the
    /// cross-product changed: for readers of whatever theta the factor holds.</summary>
    public void CheckHeld()
    {
        if (!_held)
            throw new StaleFactorException("The factor holds no theta (its last update failed, or the response changed): update it first.");
    }

    /// <summary>Lambda from theta (the first term's template, the later rows' scaling), then the factorization over
    /// the block list (<see cref="FactorPlan.Run"/>: one kernel per step and pair of block kinds).</summary>
    [MethodImpl(JitHints.Hot)]
    private bool Factor(ReadOnlySpan<double> theta)
    {
        var sections = Sections;
        sections?.Start();
        SetLambda(theta);
        return _plan.Run(this, sections);
    }

    /// <summary>Lambda at theta: the first term's template and the later rows' scaling.</summary>
    [MethodImpl(JitHints.Hot)]
    private void SetLambda(ReadOnlySpan<double> theta)
    {
        _layout.FillTemplate(theta, 0, _firstTemplate);
        var scaling = Scaling;
        for (int j = 1; j < _layout.Sizes.Length; j++)
            _layout.FillTemplate(theta, j, scaling.Templates[j - 1]);
        scaling.Refresh();
    }

    /// <summary>log det(L_Z)^2: the first term's blocks and the later terms' part of the trailing factor.</summary>
    [MethodImpl(JitHints.Hot)]
    public double LogDetLZSquared()
    {
        CheckHeld();
        if (SparseTrailing is { } sparse)
            return First.LogDeterminantSquared() + sparse.LogDetLaterSquared();
        var layout = DenseTrailing;
        double s = First.LogDeterminantSquared();
        for (int r = 0; r < _a.LaterRows; r++)
            s += 2.0 * Math.Log(layout.Diagonal(r));
        return s;
    }

    /// <summary>log det(L_X)^2.</summary>
    [MethodImpl(JitHints.Hot)]
    public double LogDetLXSquared()
    {
        CheckHeld();
        var reader = new TrailingReader(this);
        double s = 0.0;
        for (int t = 0; t < _a.FixedColumns; t++)
            s += 2.0 * Math.Log(reader.XyBlock(t, t));
        return s;
    }

    /// <summary>The penalized residual sum of squares: the square of L's last diagonal element.</summary>
    [MethodImpl(JitHints.Hot)]
    public double PenalizedRss()
    {
        CheckHeld();
        double r = new TrailingReader(this).ResponseDiagonal;
        return r * r;
    }
}
