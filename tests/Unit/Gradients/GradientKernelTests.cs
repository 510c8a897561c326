using LmmPS.Core.LinearAlgebra;

namespace LmmPS.Tests.Gradients;

/// <summary>The triangular inverse the gradient pass uses, against a plain triple loop, on sizes that cross its
/// block and strip edges.</summary>
public class GradientKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(150)]
    public void Triangular_inverse_times_the_matrix_is_the_identity(int n)
    {
        var random = new Random(n);
        int ld = n + 2, offset = 3;
        var l = new double[offset + ld * n];
        for (int c = 0; c < n; c++)
        {
            l[offset + c * ld + c] = 1.0 + random.NextDouble();
            for (int r = c + 1; r < n; r++)
                l[offset + c * ld + r] = (random.NextDouble() - 0.5) / Math.Sqrt(n);
        }
        var u = new double[n * n];
        TriangularInverse.InvertLower(l, offset, ld, n, u);
        for (int c = 0; c < n; c++)
            for (int r = 0; r < n; r++)
            {
                double s = 0;
                for (int t = c; t <= r; t++)
                    s += l[offset + t * ld + r] * u[c * n + t];
                double want = r == c ? 1.0 : 0.0, got = r >= c ? s : u[c * n + r];
                Assert.True(Math.Abs(want - got) <= 1e-12, $"(L L^-1)[{r},{c}] = {got:R}");
            }
        // And it agrees with the column-by-column inverse already in the engine.
        var reference = DenseTriangular.InvertLower(l, offset, ld, n);
        for (int i = 0; i < u.Length; i++)
            Assert.True(Math.Abs(reference[i] - u[i]) <= 1e-12, $"element {i}: {u[i]:R} vs {reference[i]:R}");
    }

    private static double[] Fill(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
}
