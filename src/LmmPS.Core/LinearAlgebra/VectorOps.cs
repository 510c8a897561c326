#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.InteropServices;
#endif
using System.Runtime.CompilerServices;
using LmmPS.Core.Common;

namespace LmmPS.Core.LinearAlgebra;

/// <summary>Level-1 operations on array slices, vectorised on net8.0.</summary>
internal static class VectorOps
{
    /// <summary>y[yo..yo+n) += alpha * x[xo..xo+n).</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Axpy(double alpha, double[] x, int xo, double[] y, int yo, int n)
    {
        int i = 0;
#if NET8_0_OR_GREATER
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var xs = MemoryMarshal.Cast<double, Vector<double>>(x.AsSpan(xo, n));
            var ys = MemoryMarshal.Cast<double, Vector<double>>(y.AsSpan(yo, n));
            var va = new Vector<double>(alpha);
            for (int v = 0; v < xs.Length; v++)
                ys[v] += va * xs[v];
            i = xs.Length * Vector<double>.Count;
        }
#endif
        for (; i < n; i++)
            y[yo + i] += alpha * x[xo + i];
    }

    /// <summary>y[yo + i] += x[xo + i]^2 for i &lt; n.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void AddSquares(double[] x, int xo, double[] y, int yo, int n)
    {
        int i = 0;
#if NET8_0_OR_GREATER
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var xs = MemoryMarshal.Cast<double, Vector<double>>(x.AsSpan(xo, n));
            var ys = MemoryMarshal.Cast<double, Vector<double>>(y.AsSpan(yo, n));
            for (int v = 0; v < xs.Length; v++)
                ys[v] += xs[v] * xs[v];
            i = xs.Length * Vector<double>.Count;
        }
#endif
        for (; i < n; i++)
            y[yo + i] += x[xo + i] * x[xo + i];
    }

    /// <summary>y[yo + i] = (x[xo + i] * f[fo + i]) * alpha for i &lt; n: one column of a diagonally scaled matrix.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void ScaledCopy(double[] x, int xo, double[] f, int fo, double alpha, double[] y, int yo, int n)
    {
        int i = 0;
#if NET8_0_OR_GREATER
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var xs = MemoryMarshal.Cast<double, Vector<double>>(x.AsSpan(xo, n));
            var fs = MemoryMarshal.Cast<double, Vector<double>>(f.AsSpan(fo, n));
            var ys = MemoryMarshal.Cast<double, Vector<double>>(y.AsSpan(yo, n));
            var va = new Vector<double>(alpha);
            for (int v = 0; v < xs.Length; v++)
                ys[v] = xs[v] * fs[v] * va;
            i = xs.Length * Vector<double>.Count;
        }
#endif
        for (; i < n; i++)
            y[yo + i] = x[xo + i] * f[fo + i] * alpha;
    }

    /// <summary>x[xo..xo+n) *= alpha.</summary>
    [MethodImpl(JitHints.Hot)]
    public static void Scale(double alpha, double[] x, int xo, int n)
    {
        for (int i = 0; i < n; i++)
            x[xo + i] *= alpha;
    }

    /// <summary>Dot product of two slices.</summary>
    [MethodImpl(JitHints.Hot)]
    public static double Dot(double[] x, int xo, double[] y, int yo, int n)
    {
        double s = 0.0;
        int i = 0;
#if NET8_0_OR_GREATER
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var xs = MemoryMarshal.Cast<double, Vector<double>>(x.AsSpan(xo, n));
            var ys = MemoryMarshal.Cast<double, Vector<double>>(y.AsSpan(yo, n));
            var acc = Vector<double>.Zero;
            for (int v = 0; v < xs.Length; v++)
                acc += xs[v] * ys[v];
            s = Vector.Dot(acc, Vector<double>.One);
            i = xs.Length * Vector<double>.Count;
        }
#else
        // Four partial sums, as the vector path keeps one per lane: the rounding error of a long sum grows with the
        // number of terms added into each accumulator, so one accumulator would make the portable build's objective
        // several times noisier than the net8.0 build's (visible in finite differences at InstEval's optimum).
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (; i + 3 < n; i += 4)
        {
            s0 += x[xo + i] * y[yo + i];
            s1 += x[xo + i + 1] * y[yo + i + 1];
            s2 += x[xo + i + 2] * y[yo + i + 2];
            s3 += x[xo + i + 3] * y[yo + i + 3];
        }
        s = (s0 + s1) + (s2 + s3);
#endif
        for (; i < n; i++)
            s += x[xo + i] * y[yo + i];
        return s;
    }
}
