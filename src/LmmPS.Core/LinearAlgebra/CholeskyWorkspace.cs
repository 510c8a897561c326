namespace LmmPS.Core.LinearAlgebra;

/// <summary>Scratch memory of <see cref="DenseCholesky"/>, kept by the caller so repeated factorizations of the
/// same size (one per objective evaluation) allocate nothing: the packed panel and the diagonal block row by
/// row. Grows on demand, never shrinks. Not thread-safe: one factorization at a time.</summary>
internal sealed class CholeskyWorkspace
{
    public double[] Packed { get; private set; } = Array.Empty<double>();

    public double[] DiagonalRows { get; private set; } = Array.Empty<double>();

    public double[] InverseDiagonal { get; private set; } = Array.Empty<double>();

    /// <summary>Test hook: called at the start of every block step of a factorization through this workspace (after
    /// the cancellation check), so a test can count steps and cancel after a given one.</summary>
    internal Action? BlockStepHook { get; set; }

    public void Ensure(int n, int blockSize)
    {
        int kb = Math.Min(blockSize, n);
        long packed = StripPacking.Length(n, kb);
        if (Packed.Length < packed) Packed = new double[packed];
        if (DiagonalRows.Length < kb * kb) DiagonalRows = new double[kb * kb];
        if (InverseDiagonal.Length < kb) InverseDiagonal = new double[kb];
    }
}
