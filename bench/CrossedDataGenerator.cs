using System.Globalization;

namespace LmmPS.Bench;

/// <summary>The `generate` verb: a crossed design of any size for timing. Columns: y, x (a covariate) and one
/// factor g1, g2, ... per --levels entry. Every row draws each factor's level uniformly; y = 1 + 0.5 x + one normal
/// effect per level of each factor + noise. Deterministic for a seed.</summary>
internal static class CrossedDataGenerator
{
    public static int Run(BenchArguments args)
    {
        string path = args.Required("out");
        int rows = args.Int("rows", 0);
        var levels = args.Required("levels").Split(',').Select(s =>
            int.TryParse(s, out int l) && l > 1 ? l : throw new UsageException($"--levels entries must be whole numbers > 1, not '{s}'.")).ToArray();
        int seed = args.Int("seed", 1);
        var random = new Random(seed);
        var effects = levels.Select((l, j) => Enumerable.Range(0, l).Select(_ => Normal(random) * (0.5 + j * 0.25)).ToArray()).ToArray();
        using var writer = new StreamWriter(path);
        writer.WriteLine("y,x," + string.Join(",", levels.Select((_, j) => $"g{j + 1}")));
        var codes = new int[levels.Length];
        for (int i = 0; i < rows; i++)
        {
            double x = random.NextDouble() * 10;
            double y = 1 + 0.5 * x + Normal(random);
            for (int j = 0; j < levels.Length; j++)
            {
                codes[j] = random.Next(levels[j]);
                y += effects[j][codes[j]];
            }
            writer.Write(y.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(x.ToString("R", CultureInfo.InvariantCulture));
            for (int j = 0; j < levels.Length; j++)
            {
                writer.Write(",L");
                writer.Write(codes[j].ToString(CultureInfo.InvariantCulture));
            }
            writer.WriteLine();
        }
        return 0;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
