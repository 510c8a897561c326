using FsCheck;
using FsCheck.Fluent;

namespace LmmPS.Tests.Scaling;

/// <summary>Random affine maps x = a Days + c and y' = s y + d for the scaling properties, as [a, c, s, d]: |a| = 10^e with
/// |e| &lt;= maxScaleExponent and either sign, c / |a| a digit times 10^0..10^6, s = 10^-6..10^6, d / s a digit times
/// 10^0..10^6. |c / a| stays below 1e7: beyond that a Days + c holds no digit of Days (7e8 + 1e-10 Days is 7e8 in
/// doubles), a different model; likewise |d / s| stays below 1e7 so that y' keeps y's digits to ~1e-10.</summary>
internal static class AffineMaps
{
    public static Arbitrary<double[]> Of(int maxScaleExponent)
    {
        var covariateMap = Gen.Zip(Gen.Zip(Gen.Choose(-maxScaleExponent, maxScaleExponent), Gen.Choose(0, 1)), Gen.Zip(Gen.Choose(0, 6), Gen.Choose(-9, 9)));
        var responseMap = Gen.Zip(Gen.Choose(-6, 6), Gen.Zip(Gen.Choose(0, 6), Gen.Choose(-9, 9)));
        return Gen.Zip(covariateMap, responseMap).Select(t => new[]
        {
            (t.Item1.Item1.Item2 == 0 ? -1 : 1) * Math.Pow(10, t.Item1.Item1.Item1),
            t.Item1.Item2.Item2 * Math.Pow(10, t.Item1.Item2.Item1 + t.Item1.Item1.Item1),
            Math.Pow(10, t.Item2.Item1),
            t.Item2.Item2.Item2 * Math.Pow(10, t.Item2.Item2.Item1 + t.Item2.Item1),
        }).ToArbitrary();
    }
}
