using System.Management.Automation;
using LmmPS.Conversion;

namespace LmmPS.Tests.Habits;

/// <summary>-FixedEffectPriorCovariance @(@(100, 0), @(0, 6.25)): PowerShell's jagged array becomes double[,].</summary>
public class MatrixArgumentTransformationTests
{
    private static readonly MatrixArgumentTransformationAttribute Transform = new();

    [Fact]
    public void A_jagged_array_becomes_the_same_matrix()
    {
        var jagged = new object[] { new object[] { 100, 0.5 }, new object[] { "0.5", 6.25 } };
        var matrix = Assert.IsType<double[,]>(Transform.Transform(null!, jagged));
        Assert.Equal(new double[,] { { 100, 0.5 }, { 0.5, 6.25 } }, matrix);
    }

    [Fact]
    public void A_rectangular_array_and_a_scalar_pass_through()
    {
        var matrix = new double[,] { { 1 } };
        Assert.Same(matrix, Transform.Transform(null!, matrix));
        Assert.Equal(4.0, Transform.Transform(null!, 4.0));
    }

    [Fact]
    public void Ragged_rows_and_text_that_is_no_number_fail_to_transform()
    {
        // The message (naming the row) is checked in Habits.Pipeline.Tests.ps1: the reference assembly the unit
        // tests compile against drops exception messages.
        var ragged = new object[] { new object[] { 1, 0 }, new object[] { 2 } };
        Assert.Throws<ArgumentTransformationMetadataException>(() => Transform.Transform(null!, ragged));
        var text = new object[] { new object[] { "x" } };
        Assert.Throws<ArgumentTransformationMetadataException>(() => Transform.Transform(null!, text));
    }
}
