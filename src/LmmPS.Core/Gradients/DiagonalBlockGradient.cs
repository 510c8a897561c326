using System.Runtime.CompilerServices;
using LmmPS.Core.Common;
using LmmPS.Core.LinearAlgebra;
using LmmPS.Core.Model;

namespace LmmPS.Core.Gradients;

/// <summary>The gradient of the profiled objective from the diagonal level blocks of S = L^-T W L^-1 alone, for a
/// theta at which every template T_k is comfortably invertible (docs/gradient.md, "Diagonal blocks").
/// With Lambda~ = diag(Lambda, I) and Omega = Lambda~' A Lambda~ + diag(I, 0): Lambda~' A dLambda~ =
/// (Omega - diag(I, 0)) Lambda~^-1 dLambda~, and the level blocks of S Omega = L^-T W L' on random-effect rows are
/// identity (W is 1 there), so
///   d f / d theta_(r,c) of term k = 2 [ (sum over levels l of (I - S_ll)) T_k^-1 ]_(c,r).
/// The blocks S_ll come from <see cref="InverseLevelBlocks"/> (one triangular inverse and a pass over the first
/// term's block column), where the general path (<see cref="WeightedSelectedInverse"/>) also forms S on the whole
/// dense pattern (a second m^3/3) and gathers from it level by level.
/// The price is cancellation: I - S_ll is small when T_k is, and T_k^-1 is large, so the path is used only where
/// every template's inverse is bounded (<see cref="Applies"/>). For the first term I - S_ll is formed without
/// cancellation from T0' A_ll T0 (Omega_ll = T0' A_ll T0 + I).</summary>
internal sealed class DiagonalBlockGradient
{
    /// <summary>Largest element of any template's inverse for which this path is used. The absolute error of a
    /// component is about eps sqrt(m levels) times this over the gradient's scale; at 100 both paths agree to about
    /// 1e-12 relative (GradientPathTests), and a fit's optimum is rarely within 1e-2 of a bound without being on it
    /// (the general path takes over there).</summary>
    internal const double MaxTemplateInverse = 100.0;

    private readonly BlockedFactor _factor;
    private readonly ThetaLayout _layout;
    private readonly InverseLevelBlocks _blocks;
    private readonly double[] _firstBlocks;
    private readonly double[][] _templates;
    private readonly double[][] _templateInverses;
    private readonly double[] _weight;

    public DiagonalBlockGradient(BlockedFactor factor, ThetaLayout layout, InverseLevelBlocks blocks)
    {
        _factor = factor;
        _layout = layout;
        var a = factor.CrossProduct;
        int k0 = a.FirstColumns;
        _blocks = blocks;
        _firstBlocks = new double[a.FirstLevels * k0 * k0];
        _templates = new double[layout.Sizes.Length][];
        _templateInverses = new double[layout.Sizes.Length][];
        for (int j = 0; j < layout.Sizes.Length; j++)
        {
            _templates[j] = new double[layout.Sizes[j] * layout.Sizes[j]];
            _templateInverses[j] = new double[layout.Sizes[j] * layout.Sizes[j]];
        }
        int b = a.FixedColumns + 1;
        _weight = new double[b * b];
    }

    /// <summary>True when every template at theta is invertible with no element of its inverse above
    /// <see cref="MaxTemplateInverse"/>; the inverses are kept for the gradient.</summary>
    [MethodImpl(JitHints.Hot)]
    public bool Applies(ReadOnlySpan<double> theta)
    {
        for (int j = 0; j < _layout.Sizes.Length; j++)
        {
            int k = _layout.Sizes[j];
            var t = _templates[j];
            _layout.FillTemplate(theta, j, t);
            for (int c = 0; c < k; c++)
                if (!(Math.Abs(t[c * k + c]) * MaxTemplateInverse >= 1.0)) return false;
            var inverse = _templateInverses[j];
            DenseTriangular.InvertSmallLower(t, 0, k, inverse);
            foreach (double v in inverse)
                if (!(Math.Abs(v) <= MaxTemplateInverse)) return false;
        }
        return true;
    }

    /// <summary>Writes d f / d theta with the weights W = diag(fixedWeight on X rows, responseWeight on the y row),
    /// 1 on random-effect rows. <see cref="Applies"/> must have returned true for this theta.</summary>
    [MethodImpl(JitHints.Hot)]
    public void Compute(double fixedWeight, double responseWeight, Span<double> gradient)
    {
        int b = _factor.CrossProduct.FixedColumns + 1;
        Array.Clear(_weight, 0, _weight.Length);
        for (int t = 0; t < b; t++) _weight[t * b + t] = t < b - 1 ? fixedWeight : responseWeight;
        Compute(_weight, gradient);
    }

    /// <summary>As above with a dense (p+1) x (p+1) weight block on the [X y] rows (a fixed-effect prior; see
    /// <see cref="WeightedSelectedInverse.Compute(double[])"/>); <see cref="InverseLevelBlocks.Compute"/> keeps its own
    /// copy of the block.</summary>
    [MethodImpl(JitHints.Hot)]
    public void Compute(double[] responseBlock, Span<double> gradient)
    {
        _blocks.Compute(responseBlock);
        FirstTermDifferences();
        gradient.Slice(0, _layout.Count).Clear();
        WriteTerm(0, FirstTermSum(), gradient);
        for (int j = 1; j < _layout.Sizes.Length; j++)
            WriteTerm(j, LaterTermSum(j), gradient);
    }

    /// <summary>_firstBlocks[l] = I - S_ll (k0 x k0, column-major) for every first-term level, with
    /// S_ll = L_ll^-T (I + G) L_ll^-1, G = Y'WY: I - S_ll = (L L')^-1 T0' A_ll T0 - L^-T G L^-1.</summary>
    [MethodImpl(JitHints.Hot)]
    private void FirstTermDifferences()
    {
        var a = _factor.CrossProduct;
        int k0 = a.FirstColumns, kk = k0 * k0;
        var grams = _blocks.FirstGrams;
        Span<double> inverse = kk <= StackScratch.MaxDoubles ? stackalloc double[kk] : new double[kk];
        Span<double> scaled = kk <= StackScratch.MaxDoubles ? stackalloc double[kk] : new double[kk];
        var cancellation = _factor.Cancellation;
        for (int l = 0; l < a.FirstLevels; l++)
        {
            // A level costs k0^4 here: for wide first terms (k0 in the hundreds) one level is seconds of work.
            if (k0 > 1 || (l & 63) == 0) cancellation.ThrowIfCancellationRequested();
            int o = l * kk, g = o;
            if (k0 == 1)
            {
                // L_ll^2 = theta^2 a_ll + 1, so 1 - S_ll = (theta^2 a_ll - gram) / L_ll^2 with no cancellation.
                double t0 = _templates[0][0], lll = _factor.First.Values[l];
                _firstBlocks[l] = (t0 * t0 * a.First.Values[l] - grams[g]) / (lll * lll);
                continue;
            }
            DenseTriangular.InvertSmallLower(_factor.First.Values, o, k0, inverse);
            ScaledBlock(a.First.Values, o, k0, _templates[0], scaled);
            // Li' Li M - Li' G Li with Li = L_ll^-1 and M = T0' A_ll T0.
            for (int c = 0; c < k0; c++)
                for (int r = 0; r < k0; r++)
                {
                    double s = 0.0;
                    for (int p = 0; p < k0; p++)
                        for (int q = 0; q < k0; q++)
                        {
                            double lp = inverse[r * k0 + p]; // Li[p, r]
                            s += lp * inverse[q * k0 + p] * scaled[c * k0 + q];
                            s -= lp * grams[g + q * k0 + p] * inverse[c * k0 + q];
                        }
                    _firstBlocks[o + c * k0 + r] = s;
                }
        }
    }


    /// <summary>M = T' A_ll T for a k x k block of A (column-major at values[o]) and the lower template T.</summary>
    [MethodImpl(JitHints.Hot)]
    private static void ScaledBlock(double[] values, int o, int k, double[] template, Span<double> result)
    {
        for (int c = 0; c < k; c++)
            for (int r = 0; r < k; r++)
            {
                double s = 0.0;
                for (int p = r; p < k; p++)
                    for (int q = c; q < k; q++)
                        s += template[r * k + p] * values[o + q * k + p] * template[c * k + q];
                result[c * k + r] = s;
            }
    }

    private double[] FirstTermSum()
    {
        int k0 = _factor.CrossProduct.FirstColumns, kk = k0 * k0;
        var total = new double[kk];
        for (int l = 0; l < _factor.CrossProduct.FirstLevels; l++)
            for (int i = 0; i < kk; i++)
                total[i] += _firstBlocks[l * kk + i];
        return total;
    }

    /// <summary>sum over the levels of later term j of I - S_ll.</summary>
    [MethodImpl(JitHints.Hot)]
    private double[] LaterTermSum(int j)
    {
        var a = _factor.CrossProduct;
        int k = _layout.Sizes[j], qd = a.LaterRows, w = _blocks.LaterWidth;
        int rows = (j + 1 < _layout.Sizes.Length ? a.TermRowOffset[j + 1] : qd) - a.TermRowOffset[j];
        var total = new double[k * k];
        for (int row0 = a.TermRowOffset[j]; row0 < a.TermRowOffset[j] + rows; row0 += k)
            for (int c = 0; c < k; c++)
                for (int r = 0; r < k; r++)
                    total[c * k + r] += (r == c ? 1.0 : 0.0) - _blocks.LaterBlocks[(row0 + c) * w + r];
        return total;
    }

    /// <summary>gradient[theta of (r, c)] = 2 [D T^-1](c, r) with D = sum over levels of I - S_ll (column-major).</summary>
    [MethodImpl(JitHints.Hot)]
    private void WriteTerm(int term, double[] sum, Span<double> gradient)
    {
        int k = _layout.Sizes[term], idx = _layout.Offsets[term];
        var inverse = _templateInverses[term];
        for (int c = 0; c < k; c++)
            for (int r = c; r < k; r++)
            {
                double s = 0.0;
                for (int p = 0; p < k; p++)
                    s += sum[p * k + c] * inverse[r * k + p]; // D[c, p] T^-1[p, r]
                gradient[idx++] = 2.0 * s;
            }
    }
}
