namespace LmmPS.Core.Formulas;

/// <summary>Parses lme4 formula syntax. Errors are <see cref="Common.LmmException"/> with id
/// <c>FormulaSyntaxError</c> (or <c>UnsupportedFormulaConstruct</c>), <see cref="Common.LmmException.Position"/>
/// set, and a message that shows the formula with a caret under the offending position.</summary>
public static class FormulaParser
{
    public static Formula Parse(string text) => throw new NotImplementedException();
}
