using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LmmPS.Tests.Module;

/// <summary>LmmPS.format.ps1xml refers only to types, properties and methods that exist, and gives every output
/// type a view.</summary>
public class FormatFileTests
{
    private static readonly XDocument Format = XDocument.Load(ModulePaths.FormatFile);

    private static IEnumerable<XElement> Views => Format.Descendants("View");

    private static Type TypeOf(XElement view)
    {
        var name = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
        var type = AttributeData.ModuleAssembly.GetType(name);
        Assert.True(type is not null && type.IsPublic, $"Format view '{view.Element("Name")!.Value}' selects {name}, which is not a public type of LmmPS.");
        return type!;
    }

    [Fact]
    public void Every_type_named_in_the_format_file_exists()
    {
        Assert.NotEmpty(Views);
        foreach (var view in Views)
            TypeOf(view);
    }

    [Fact]
    public void Every_property_and_method_a_view_reads_exists_on_its_type()
    {
        foreach (var view in Views)
        {
            var type = TypeOf(view);
            foreach (var property in view.Descendants("PropertyName").Select(e => e.Value))
                Assert.True(type.GetProperty(property) is not null, $"{type.Name} has no property {property}");
            foreach (var script in view.Descendants("ScriptBlock").Select(e => e.Value))
            {
                foreach (Match m in Regex.Matches(script, @"\$(?:_|p)\.(\w+)(\()?"))
                {
                    var member = m.Groups[1].Value;
                    bool exists = m.Groups[2].Success ? type.GetMethod(member, Type.EmptyTypes) is not null : type.GetProperty(member) is not null;
                    Assert.True(exists, $"{type.Name} view script reads {member}, which does not exist");
                }
            }
        }
    }

    [Fact]
    public void Every_type_a_cmdlet_outputs_has_a_default_view_and_so_do_the_row_types()
    {
        var viewed = Views.Select(TypeOf).ToHashSet();
        var outputs = new[]
        {
            typeof(LmmDesign), typeof(LmmFit), typeof(LmmProfile), typeof(LmmObjectivePoint), typeof(LmmGradientRow),
            typeof(LmmFixedEffect), typeof(LmmVarianceComponent), typeof(LmmRandomEffect), typeof(LmmProfileInterval), typeof(LmmProfilePoint),
            typeof(LmmResidual), typeof(LmmComparison),
        };
        foreach (var type in outputs)
            Assert.Contains(type, viewed);
    }

    [Fact]
    public void The_first_view_of_a_fit_is_the_summary()
    {
        var first = Views.First(v => TypeOf(v) == typeof(LmmFit));
        Assert.NotNull(first.Element("CustomControl"));
        // Rendered from the properties (LmmFitView.Render), so a deserialized fit prints the same summary.
        Assert.Contains("[LmmPS.LmmFitView]::Render($_)", first.Descendants("ScriptBlock").Single().Value);
    }
}
