using System.Globalization;
using System.Text;
using LmmPS.Core.Common;
using LmmPS.Core.Design.Transforms;

namespace LmmPS.Core.Design;

/// <summary>A <see cref="DesignSchema"/> as one string and back, so a fit written with Export-Clixml (or to any
/// text store) can still be applied to new data after it is read back: a serialiser keeps a string whole at any
/// depth, where nested objects are flattened to their type names. One record per line, fields separated by tabs,
/// with backslash escapes for tab, newline and backslash inside a field.</summary>
public static class DesignSchemaText
{
    private const string Header = "LmmPS.DesignSchema 1";

    public static string Write(DesignSchema schema)
    {
        if (schema is null) throw new ArgumentNullException(nameof(schema));
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        Line(sb, "formula", schema.Formula);
        Line(sb, "response", schema.Response);
        foreach (var v in schema.Variables)
            Line(sb, new[] { "variable", v.Name, !v.IsFactor ? "numeric" : v.IsOrdered ? "ordered" : "factor" }.Concat(v.Levels));
        foreach (var v in schema.Variables.Where(v => v.Transform is not null))
            Line(sb, TransformFields(v.Name, v.Transform!));
        foreach (var v in schema.Variables.Where(v => v.Coding is not null))
            Line(sb, new[] { "contrast", v.Name, v.Coding!.Text });
        Line(sb, new[] { "fixed" }.Concat(schema.FixedEffectNames));
        Line(sb, new[] { "dropped" }.Concat(schema.DroppedFixedEffects));
        foreach (var t in schema.RandomTerms)
            Line(sb, new[] { "term", t.Group, t.FormulaIndex.ToString(CultureInfo.InvariantCulture), t.ColumnNames.Count.ToString(CultureInfo.InvariantCulture) }
                .Concat(t.ColumnNames).Concat(t.Levels));
        return sb.ToString();
    }

    public static DesignSchema Read(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var lines = text.Split('\n').Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0 || lines[0] != Header)
            throw Bad("it does not start with '" + Header + "'");
        string? formula = null, response = null;
        var variables = new List<SchemaVariable>();
        var fixedNames = new List<string>();
        var dropped = new List<string>();
        var terms = new List<SchemaGroupingFactor>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split('\t').Select(Unescape).ToArray();
            switch (f[0])
            {
                case "formula": formula = f[1]; break;
                case "response": response = f[1]; break;
                case "variable":
                    variables.Add(new SchemaVariable(f[1], f[2] != "numeric", f.Skip(3).ToArray(), f[2] == "ordered"));
                    break;
                case "transform":
                    int at = variables.FindIndex(v => v.Name == f[1]);
                    if (at < 0) throw Bad($"a transform names the unknown variable '{f[1]}'");
                    var old = variables[at];
                    variables[at] = new SchemaVariable(old.Name, old.IsFactor, old.Levels, old.IsOrdered, ReadTransform(f));
                    break;
                case "contrast":
                    int ci = variables.FindIndex(v => v.Name == f[1]);
                    if (ci < 0) throw Bad($"a contrast names the unknown variable '{f[1]}'");
                    var cv = variables[ci];
                    variables[ci] = new SchemaVariable(cv.Name, cv.IsFactor, cv.Levels, cv.IsOrdered, cv.Transform, ContrastSpec.Parse(f[1], f[2]));
                    break;
                case "fixed": fixedNames.AddRange(f.Skip(1)); break;
                case "dropped": dropped.AddRange(f.Skip(1)); break;
                case "term":
                    int index = int.Parse(f[2], CultureInfo.InvariantCulture), k = int.Parse(f[3], CultureInfo.InvariantCulture);
                    terms.Add(new SchemaGroupingFactor(f[1], f.Skip(4 + k).ToArray(), f.Skip(4).Take(k).ToArray(), index));
                    break;
                default: throw Bad($"unknown record '{f[0]}'");
            }
        }
        if (formula is null || response is null)
            throw Bad("the formula or the response is missing");
        return new DesignSchema(formula, response, variables, fixedNames, dropped, terms);
    }

    // Numbers are written with "R" (shortest round-trip), so poly's and scale's parameters come back bit for bit.
    private static IEnumerable<string> TransformFields(string name, TransformParameters t) => t.Kind == "poly"
        ? new[] { "transform", name, "poly", t.Alpha.Count.ToString(CultureInfo.InvariantCulture) }.Concat(t.Alpha.Concat(t.Norm2).Select(Number))
        : new[] { "transform", name, "scale", t.Center is { } c ? Number(c) : "", t.Scale is { } s ? Number(s) : "" };

    private static TransformParameters ReadTransform(string[] f)
    {
        try
        {
            if (f[2] == "poly")
            {
                int k = int.Parse(f[3], CultureInfo.InvariantCulture);
                var numbers = f.Skip(4).Select(ParseNumber).ToArray();
                if (numbers.Length != 2 * k + 2) throw Bad($"the poly transform of '{f[1]}' has {numbers.Length} numbers, not {2 * k + 2}");
                return TransformParameters.Poly(numbers.Take(k).ToArray(), numbers.Skip(k).ToArray());
            }
            if (f[2] == "scale" && f.Length == 5)
                return TransformParameters.ScaleBy(f[3].Length == 0 ? null : ParseNumber(f[3]), f[4].Length == 0 ? null : ParseNumber(f[4]));
        }
        catch (FormatException)
        {
        }
        throw Bad($"the transform record of '{f[1]}' is malformed");
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseNumber(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string key, string value) => Line(sb, new[] { key, value });

    private static void Line(StringBuilder sb, IEnumerable<string> fields)
    {
        sb.Append(string.Join("\t", fields.Select(Escape))).Append('\n');
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string s)
    {
        if (s.IndexOf('\\') < 0) return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                char c = s[++i];
                sb.Append(c switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => c });
            }
            else
                sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static LmmException Bad(string why) =>
        new("InvalidDesignSchema", LmmErrorCategory.InvalidData, $"The design schema text cannot be read: {why}.");
}
