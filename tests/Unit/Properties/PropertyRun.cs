using FsCheck;
using FsCheck.Fluent;

namespace LmmPS.Tests.Properties;

/// <summary>How every property runs: a fixed replay seed (a CI failure reproduces exactly, and FsCheck prints the
/// shrunk counter-example) and a bounded number of cases per property so the suite stays well under a minute.</summary>
internal static class PropertyRun
{
    // Any fixed pair works; gamma must be odd (SplitMix).
    private const ulong Seed = 20_240_521UL;
    private const ulong Gamma = 0x9E37_79B9_7F4A_7C15UL;

    public static Config Cases(int count) => Config.QuickThrowOnFailure.WithMaxTest(count).WithReplay(Seed, Gamma);

    public static void Check(int cases, Property property) => FsCheck.Check.One(Cases(cases), property);
}
