using LmmPS.Core.Data;
using LmmPS.Core.Formulas;

namespace LmmPS.Core.Design;

/// <summary>Builds a <see cref="ModelDesign"/> from a parsed formula and a data frame: drops rows with missing
/// values in the columns the formula uses, codes factors as R does, removes aliased columns of X, forms the
/// random-effects terms and sorts them as lme4 does.</summary>
public static class DesignBuilder
{
    public static ModelDesign Build(Formula formula, DataFrame data) => throw new NotImplementedException();
}
