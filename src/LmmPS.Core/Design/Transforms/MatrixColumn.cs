using LmmPS.Core.Data;

namespace LmmPS.Core.Design.Transforms;

/// <summary>A computed variable with several columns (<c>poly(x, k)</c>): one model-frame variable whose columns of X
/// are named by the variable's name plus a suffix (<c>poly(Days, 2)1</c>, <c>poly(Days, 2)2</c>).</summary>
internal sealed class MatrixColumn : Column
{
    public MatrixColumn(string name, double[][] columns, IReadOnlyList<string> suffixes) : base(name)
    {
        Columns = columns;
        Suffixes = suffixes;
    }

    public double[][] Columns { get; }

    public IReadOnlyList<string> Suffixes { get; }

    public override int Length => Columns[0].Length;

    public override bool IsMissing(int row) => double.IsNaN(Columns[0][row]);
}
