using System.Globalization;
using System.Text.Json;
using LmmPS.Core.Data;

namespace LmmPS.Tests.Data;

/// <summary>Reads every reference CSV and checks our typing and level order against the columns.json written from R,
/// and every value against a plain line split of the same file (the files hold no quotes).</summary>
public class SharedDataTests
{
    // Factors whose labels are all numbers: read as numbers unless forced, and then ordered by value, which is R's
    // order for these. InstEval's dept is the exception (R's order is not derivable from the data), so its order is given.
    private static readonly HashSet<string> ForcedFactors = new() { "InstEval.s", "InstEval.d", "InstEval.studage", "InstEval.lectage", "InstEval.service", "sleepstudy.Subject" };
    private static readonly HashSet<string> GivenOrderFactors = new() { "InstEval.dept" };

    public static IEnumerable<object[]> DataSets => SharedDataFiles.DataSets.Select(d => new object[] { d });

    [Theory]
    [MemberData(nameof(DataSets))]
    public void Reads_reference_data_with_R_types_and_level_orders(string dataSet)
    {
        using var json = SharedDataFiles.Columns(dataSet);
        var root = json.RootElement;
        var kinds = new Dictionary<string, ColumnKind>();
        var orders = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var col in root.GetProperty("columns").EnumerateArray())
        {
            string name = col.GetProperty("name").GetString()!, type = col.GetProperty("type").GetString()!;
            if (ForcedFactors.Contains(dataSet + "." + name))
                kinds[name] = type == "ordered_factor" ? ColumnKind.OrderedCategorical : ColumnKind.Categorical;
            if (GivenOrderFactors.Contains(dataSet + "." + name))
                orders[name] = Levels(col);
        }

        var path = SharedDataFiles.Csv(dataSet);
        var df = CsvDataReader.ReadFile(path, new DataReadOptions { ColumnKinds = kinds, LevelOrders = orders });

        Assert.Equal(root.GetProperty("n_rows").GetInt32(), df.RowCount);
        Assert.Equal(root.GetProperty("n_cols").GetInt32(), df.Columns.Count);
        var lines = File.ReadAllLines(path);
        Assert.Equal(df.RowCount + 1, lines.Length);
        var header = lines[0].Split(',');

        foreach (var col in root.GetProperty("columns").EnumerateArray())
        {
            string name = col.GetProperty("name").GetString()!, type = col.GetProperty("type").GetString()!;
            Assert.True(df.TryGetColumn(name, out var column), $"{dataSet}: column {name} missing");
            int index = Array.IndexOf(header, name);
            var raw = lines.Skip(1).Select(l => l.Split(',')[index]).ToArray();

            if (type is "numeric" or "integer")
            {
                var numeric = Assert.IsType<NumericColumn>(column);
                for (int r = 0; r < raw.Length; r++)
                    Assert.Equal(double.Parse(raw[r], CultureInfo.InvariantCulture), numeric[r]);
                continue;
            }

            var levels = Levels(col);
            bool numericLabels = levels.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            bool forced = kinds.ContainsKey(name) || orders.ContainsKey(name);
            if (numericLabels && !forced)
            {
                // Our rule: all-number labels make a numeric column unless the caller says otherwise.
                Assert.IsType<NumericColumn>(column);
                continue;
            }
            var factor = Assert.IsType<CategoricalColumn>(column);
            Assert.Equal(levels, factor.Levels);
            Assert.Equal(type == "ordered_factor", factor.IsOrdered);
            for (int r = 0; r < raw.Length; r++)
                Assert.Equal(raw[r], factor.Levels[factor[r]]);
        }
    }

    [Fact]
    public void Sleepstudy_reaction_matches_an_independent_line_split()
    {
        var path = SharedDataFiles.Csv("sleepstudy");
        var reaction = (NumericColumn)Get(CsvDataReader.ReadFile(path), "Reaction");

        // Independent source: split the lines ourselves (Reaction is the first field).
        var expected = File.ReadAllLines(path).Skip(1).Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(180, reaction.Length);
        Assert.Equal(expected[0], reaction[0]);
        Assert.Equal(expected[179], reaction[179]);
        Assert.Equal(expected.Sum(), Sum(reaction), 9);

        // The same by hand: first line "249.56,0,308", last "364.1236,9,372"; the column sum is 53731.4205 (awk).
        Assert.Equal(249.56, reaction[0]);
        Assert.Equal(364.1236, reaction[179]);
        Assert.Equal(53731.4205, Sum(reaction), 6);
    }

    [Fact]
    public void Sleepstudy_subject_is_numeric_unless_forced()
    {
        var path = SharedDataFiles.Csv("sleepstudy");
        Assert.IsType<NumericColumn>(Get(CsvDataReader.ReadFile(path), "Subject"));
        var forced = CsvDataReader.ReadFile(path, new DataReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["Subject"] = ColumnKind.Categorical } });
        var subject = (CategoricalColumn)Get(forced, "Subject");
        Assert.Equal(18, subject.Levels.Count);
        Assert.Equal("308", subject.Levels[0]);
        Assert.Equal("372", subject.Levels[17]);
        Assert.Equal(0, subject[0]);   // row 1 is subject 308
        Assert.Equal(17, subject[179]); // row 180 is subject 372
    }

    private static List<string> Levels(JsonElement column) =>
        column.GetProperty("levels").EnumerateArray().Select(e => e.GetString()!).ToList();

    private static Column Get(DataFrame df, string name) => df.TryGetColumn(name, out var c) ? c : throw new Xunit.Sdk.XunitException("no column " + name);

    private static double Sum(NumericColumn column)
    {
        double sum = 0;
        for (int i = 0; i < column.Length; i++) sum += column[i];
        return sum;
    }
}
