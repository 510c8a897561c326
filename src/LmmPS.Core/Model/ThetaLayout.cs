using LmmPS.Core.Common;
using LmmPS.Core.Design;

namespace LmmPS.Core.Model;

/// <summary>Where each term's template lives in theta: a k x k lower-triangular matrix filled column by column
/// (lme4's order). Also the bounds and lme4's default start.</summary>
internal sealed class ThetaLayout
{
    public ThetaLayout(IReadOnlyList<RandomEffectsTerm> terms)
    {
        Offsets = new int[terms.Count];
        Sizes = new int[terms.Count];
        int offset = 0;
        for (int j = 0; j < terms.Count; j++)
        {
            Offsets[j] = offset;
            Sizes[j] = terms[j].ColumnCount;
            offset += terms[j].ThetaCount;
        }
        Count = offset;
        Lower = new double[Count];
        Start = new double[Count];
        for (int j = 0; j < terms.Count; j++)
        {
            int k = Sizes[j], idx = Offsets[j];
            for (int c = 0; c < k; c++)
                for (int r = c; r < k; r++, idx++)
                {
                    bool diagonal = r == c;
                    Lower[idx] = diagonal ? 0.0 : double.NegativeInfinity;
                    Start[idx] = diagonal ? 1.0 : 0.0;
                }
        }
    }

    public int Count { get; }

    public int[] Offsets { get; }

    public int[] Sizes { get; }

    public double[] Lower { get; }

    public double[] Start { get; }

    /// <summary>Writes term <paramref name="term"/>'s template as a dense k x k column-major lower-triangular matrix.</summary>
    public void FillTemplate(ReadOnlySpan<double> theta, int term, Span<double> template)
    {
        int k = Sizes[term], idx = Offsets[term];
        template.Slice(0, k * k).Clear();
        for (int c = 0; c < k; c++)
            for (int r = c; r < k; r++)
                template[c * k + r] = theta[idx++];
    }

    /// <summary>Rejects a theta of the wrong length, non-finite, or below a bound, naming the element.</summary>
    public void Validate(ReadOnlySpan<double> theta, IReadOnlyList<string> names)
    {
        if (theta.Length != Count)
            throw new LmmException("ThetaWrongLength", LmmErrorCategory.InvalidArgument,
                $"Theta has {theta.Length} element(s); this model has {Count}: {string.Join(", ", names)}.");
        for (int i = 0; i < theta.Length; i++)
        {
            if (double.IsNaN(theta[i]) || double.IsInfinity(theta[i]))
                throw new LmmException("ThetaOutOfBounds", LmmErrorCategory.InvalidArgument,
                    $"Theta element {i + 1} ({names[i]}) is {theta[i]}; every element must be finite.");
            if (theta[i] < Lower[i])
                throw new LmmException("ThetaOutOfBounds", LmmErrorCategory.InvalidArgument,
                    $"Theta element {i + 1} ({names[i]}) is {theta[i]}; a diagonal element of a relative covariance factor must be >= 0.");
        }
    }
}
