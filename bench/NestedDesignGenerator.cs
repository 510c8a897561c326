using System.Globalization;

namespace LmmPS.Bench;

/// <summary>The `design` verb: nested and partially crossed designs of any size, the shapes where a sparse trailing
/// factor pays (issue 15). --factors lists the grouping factors, first (finest) first, as name:levels[:rule]:
/// <list type="bullet">
/// <item>the first factor's levels split the rows into equal contiguous groups (pupil: 4 rows each), or with the rule
/// `random` each row draws one uniformly;</item>
/// <item>`nested`: nested in the factor before it (consecutive blocks of its levels share one level, so each of its
/// levels falls in exactly one level of this factor);</item>
/// <item>`near:REF:W`: partially crossed with an earlier factor REF: the level at REF's relative position plus a
/// uniform offset in -W..W (clamped), drawn once per level of the first factor (a pupil lives in one neighbourhood;
/// a school's pupils spread over 2W+1 neighbouring neighbourhoods); `nearrow:REF:W` draws it per row;</item>
/// <item>`random`: crossed with everything, uniform per row.</item>
/// </list>
/// Columns: y, x (covariate), then each factor by name with levels written as its first letter and a number.
/// y = 1 + 0.5 x + one normal effect per level of each factor + noise. Deterministic for a seed.</summary>
internal static class NestedDesignGenerator
{
    private sealed record Factor(string Name, int Levels, string Rule, int Reference, int Width);

    public static int Run(BenchArguments args)
    {
        string path = args.Required("out");
        int rows = args.Int("rows", 0);
        var factors = ParseFactors(args.Required("factors"));
        var random = new Random(args.Int("seed", 1));
        var effects = factors.Select((f, j) => Enumerable.Range(0, f.Levels).Select(_ => Normal(random) * (0.6 + 0.2 * j)).ToArray()).ToArray();
        var first = factors[0];
        // Per-first-level draws of the `near` factors, made once.
        var unitDraws = factors.Select(f => f.Rule == "near" ? new int[first.Levels] : null).ToArray();
        for (int j = 1; j < factors.Length; j++)
            if (unitDraws[j] is { } draws)
                for (int u = 0; u < first.Levels; u++)
                    draws[u] = int.MinValue;

        using var writer = new StreamWriter(path);
        writer.WriteLine("y,x," + string.Join(",", factors.Select(f => f.Name)));
        var codes = new int[factors.Length];
        for (int r = 0; r < rows; r++)
        {
            codes[0] = first.Rule == "random" ? random.Next(first.Levels) : (int)((long)r * first.Levels / rows);
            for (int j = 1; j < factors.Length; j++)
                codes[j] = Level(factors, j, codes, unitDraws[j], random);
            double x = random.NextDouble() * 10;
            double y = 1 + 0.5 * x + Normal(random);
            for (int j = 0; j < factors.Length; j++) y += effects[j][codes[j]];
            writer.Write(y.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(x.ToString("R", CultureInfo.InvariantCulture));
            for (int j = 0; j < factors.Length; j++)
            {
                writer.Write(',');
                writer.Write(factors[j].Name[0]);
                writer.Write(codes[j].ToString(CultureInfo.InvariantCulture));
            }
            writer.WriteLine();
        }
        return 0;
    }

    private static int Level(Factor[] factors, int j, int[] codes, int[]? unitDraws, Random random)
    {
        var f = factors[j];
        switch (f.Rule)
        {
            case "nested":
                return (int)((long)codes[j - 1] * f.Levels / factors[j - 1].Levels);
            case "random":
                return random.Next(f.Levels);
            default:
                if (unitDraws is not null && unitDraws[codes[0]] != int.MinValue)
                    return unitDraws[codes[0]];
                var reference = factors[f.Reference];
                int centre = (int)(((long)codes[f.Reference] * 2 + 1) * f.Levels / (2L * reference.Levels));
                int level = Math.Min(f.Levels - 1, Math.Max(0, centre + random.Next(-f.Width, f.Width + 1)));
                if (unitDraws is not null) unitDraws[codes[0]] = level;
                return level;
        }
    }

    private static Factor[] ParseFactors(string text)
    {
        var factors = new List<Factor>();
        foreach (var item in text.Split(','))
        {
            var parts = item.Split(':');
            if (parts.Length < 2 || parts[0].Length == 0 || !int.TryParse(parts[1], out int levels) || levels < 1)
                throw new UsageException($"--factors entry '{item}' must be name:levels[:rule] with levels a whole number > 0.");
            if (factors.Any(f => f.Name == parts[0]))
                throw new UsageException($"--factors names '{parts[0]}' twice.");
            string rule = parts.Length > 2 ? parts[2] : factors.Count == 0 ? "blocks" : "random";
            int reference = -1, width = 0;
            switch (rule)
            {
                case "blocks" or "random" when parts.Length == 3 || parts.Length == 2:
                    break;
                case "nested" when parts.Length == 3 && factors.Count > 0:
                    break;
                case "near" or "nearrow" when parts.Length == 5 && factors.Count > 0:
                    reference = factors.FindIndex(f => f.Name == parts[3]);
                    if (reference < 0)
                        throw new UsageException($"--factors entry '{item}': '{parts[3]}' is not an earlier factor.");
                    if (!int.TryParse(parts[4], out width) || width < 0)
                        throw new UsageException($"--factors entry '{item}': the width must be a whole number >= 0.");
                    break;
                default:
                    throw new UsageException($"--factors entry '{item}': the rule must be random, nested (not on the first factor), near:REF:W or nearrow:REF:W.");
            }
            if (rule == "blocks" && factors.Count > 0)
                throw new UsageException($"--factors entry '{item}': only the first factor splits the rows into blocks.");
            factors.Add(new Factor(parts[0], levels, rule == "nearrow" ? "nearrow" : rule, reference, width));
        }
        if (factors.Count == 0)
            throw new UsageException("--factors needs at least one factor.");
        return factors.ToArray();
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
