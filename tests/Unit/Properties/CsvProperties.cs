using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LmmPS.Core.Common;
using LmmPS.Core.Data;

namespace LmmPS.Tests.Properties;

/// <summary>The CSV reader, on any bytes, returns a consistent data frame or throws an LmmException naming the
/// source: never a CsvHelper, decoding or index exception.</summary>
public class CsvProperties
{
    // Bytes that steer random input into CSV structure: delimiters, quotes, line ends, numbers, missing tokens,
    // a UTF-8 byte-order mark and bytes that are invalid UTF-8.
    private static readonly byte[] Structural = Encoding.UTF8.GetBytes("a,b,\"\n\r1.5-e+NA Inf nan").Concat(new byte[] { 0xEF, 0xBB, 0xBF, 0xFF, 0xC3, 0x00 }).ToArray();

    /// <summary>The frame read, or null when the reader rejected the bytes with our exception.</summary>
    private static DataFrame? ReadsOrRejects(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        try
        {
            var frame = CsvDataReader.Read(reader, null, "random.csv");
            Assert.True(frame.RowCount > 0);
            Assert.All(frame.Columns, c => Assert.Equal(frame.RowCount, c.Length));
            return frame;
        }
        catch (LmmException e)
        {
            Assert.False(string.IsNullOrEmpty(e.ErrorId));
            Assert.Contains("random.csv", e.Message);
            return null;
        }
    }

    /// <summary>Runs a property over generated CSV and checks that both outcomes were common enough for the
    /// property to mean something.</summary>
    private static void CheckBothOutcomes(Arbitrary<byte[]> inputs, int cases, int minimumEach, Action<DataFrame>? onFrame = null)
    {
        int read = 0, rejected = 0;
        PropertyRun.Check(cases, Prop.ForAll(inputs, bytes =>
        {
            var frame = ReadsOrRejects(bytes);
            if (frame is null)
            {
                rejected++;
                return;
            }
            read++;
            onFrame?.Invoke(frame);
        }));
        Assert.True(read >= minimumEach && rejected >= minimumEach, $"{read} read, {rejected} rejected");
    }

    [Fact]
    public void Random_bytes_give_a_data_frame_or_a_data_error()
    {
        var anyByte = ArbMap.Default.GeneratorFor<byte>();
        var structural = Gen.Elements(Structural);
        var bytes = Gen.Frequency((1, anyByte), (3, structural)).ArrayOf().ToArbitrary();
        CheckBothOutcomes(bytes, 1000, 100);
    }

    [Fact]
    public void Random_rows_under_a_valid_header_give_a_data_frame_or_a_data_error()
    {
        // A valid header gets the reader past the header checks into typing, ragged rows and quoting.
        CheckBothOutcomes(ValidHeaderCsv(), 1500, 100);
    }

    /// <summary>A y,x,g header and rows that are mostly well-formed (numbers, NA, labels) with occasional defects
    /// (text in a numeric column, non-finite values, stray or open quotes, extra or missing fields, blank lines).</summary>
    private static Arbitrary<byte[]> ValidHeaderCsv()
    {
        var number = Gen.Choose(-50, 50).Select(k => (k / 4.0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var defect = Gen.Elements("NA", "", "x", "\"q\"", "\"a,b\"", "\"", "a\"b", "Inf", "NaN", "1e999", " ", "1,2", "\r\n");
        var label = Gen.Elements("a", "b", "c", "d");
        Gen<string> Field(Gen<string> good) => Gen.Frequency((15, good), (1, defect));
        var row = Gen.Zip(Gen.Zip(Field(number), Field(number)), Field(label)).Select(t => $"{t.Item1.Item1},{t.Item1.Item2},{t.Item2}");
        return row.ArrayOf().Select(rows => Encoding.UTF8.GetBytes("y,x,g\n" + string.Join("\n", rows))).ToArbitrary();
    }

    [Fact]
    public void Random_data_that_reads_gives_a_fit_or_an_LmmException_downstream()
    {
        // Whatever the reader accepts must also be safe for the design builder and the fitter.
        var formula = LmmPS.Core.Formulas.FormulaParser.Parse("y ~ x + (1 | g)");
        int fitted = 0;
        CheckBothOutcomes(ValidHeaderCsv(), 500, 50, frame =>
        {
            try
            {
                var design = LmmPS.Core.Design.DesignBuilder.Build(formula, frame);
                var fit = LmmPS.Core.Fitting.LmmFitter.Fit(design, new LmmPS.Core.Fitting.FitOptions { MaxEvaluations = 40 });
                Assert.True(double.IsFinite(fit.Objective) && fit.Sigma >= 0, $"objective {fit.Objective}, sigma {fit.Sigma}");
                fitted++;
            }
            catch (LmmException e)
            {
                Assert.False(string.IsNullOrEmpty(e.ErrorId));
            }
        });
        Assert.True(fitted > 0, "no random data set got as far as a fit");
    }
}
