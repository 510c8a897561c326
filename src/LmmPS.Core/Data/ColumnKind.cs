namespace LmmPS.Core.Data;

/// <summary>How a caller wants a column typed. <see cref="Auto"/>: numeric when every non-missing value parses as
/// an invariant-culture number, otherwise categorical.</summary>
public enum ColumnKind
{
    Auto,
    Numeric,
    Categorical,
    OrderedCategorical,
}
