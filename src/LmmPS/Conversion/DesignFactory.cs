using LmmPS.Core.Data;
using LmmPS.Core.Design;
using LmmPS.Core.Formulas;

namespace LmmPS.Conversion;

/// <summary>Formula text + data -> <see cref="LmmDesign"/>. The formula is parsed before any data is read
/// (<see cref="ParseFormula"/>), so a typo fails at once instead of after reading a large file.</summary>
public static class DesignFactory
{
    public static Formula ParseFormula(string text) => FormulaParser.Parse(text);

    public static LmmDesign Create(Formula formula, DataFrame data, DataReadOptions options, string source)
    {
        ReadOptionsFactory.EnsureColumnsExist(data, options, source);
        return new LmmDesign(DesignBuilder.Build(formula, data), source, options);
    }

    public static LmmDesign ReadFile(Formula formula, string path, DataReadOptions options) =>
        Create(formula, CsvDataReader.ReadFile(path, options), options, path);
}
