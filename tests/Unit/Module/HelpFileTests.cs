using System.Management.Automation;
using System.Xml.Linq;

namespace LmmPS.Tests.Module;

/// <summary>The MAML help documents every cmdlet fully and agrees with the compiled parameters.</summary>
public class HelpFileTests
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XDocument Help = XDocument.Load(ModulePaths.HelpFile);

    public static TheoryData<string> Cmdlets()
    {
        var data = new TheoryData<string>();
        foreach (var type in AttributeData.CmdletTypes())
            data.Add(AttributeData.CmdletName(type));
        return data;
    }

    private static XElement Entry(string cmdlet)
    {
        var entry = Help.Root!.Elements(Command + "command")
            .SingleOrDefault(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == cmdlet);
        Assert.True(entry is not null, $"No help entry for {cmdlet}");
        return entry!;
    }

    private static Type CmdletType(string cmdlet) => AttributeData.CmdletTypes().Single(t => AttributeData.CmdletName(t) == cmdlet);

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Synopsis_description_and_at_least_two_examples(string cmdlet)
    {
        var entry = Entry(cmdlet);
        Assert.False(string.IsNullOrWhiteSpace(entry.Element(Command + "details")!.Element(Maml + "description")!.Value));
        Assert.True(entry.Element(Maml + "description")!.Value.Length > 100, "description too short");
        var examples = entry.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.True(examples.Count >= 2, $"{cmdlet} has {examples.Count} examples");
        Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace(e.Element(Dev + "remarks")!.Value)));
        Assert.True(examples.Count(e => e.Element(Dev + "code")!.Value.Contains(cmdlet)) >= 2, $"fewer than two {cmdlet} examples call it");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_public_parameter_is_documented_and_nothing_else(string cmdlet)
    {
        var documented = Entry(cmdlet).Element(Command + "parameters")!.Elements(Command + "parameter")
            .ToDictionary(p => p.Element(Maml + "name")!.Value, p => p);
        var compiled = AttributeData.Parameters(CmdletType(cmdlet)).Select(p => p.Name).ToList();
        Assert.Equal(compiled.OrderBy(n => n, StringComparer.Ordinal), documented.Keys.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var (name, element) in documented)
            Assert.True(element.Element(Maml + "description")!.Value.Trim().Length > 20, $"{cmdlet} -{name} has no real description");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Syntax_blocks_match_the_parameter_sets(string cmdlet)
    {
        var type = CmdletType(cmdlet);
        var setsOf = AttributeData.Parameters(type).ToDictionary(p => p.Name,
            p => AttributeData.Of<ParameterAttribute>(p).Select(a => (Set: (string?)AttributeData.Named(a, "ParameterSetName"), Mandatory: AttributeData.NamedBool(a, "Mandatory"))).ToList());
        var declaredSets = setsOf.Values.SelectMany(v => v).Select(v => v.Set).Where(s => s is not null).Distinct().ToList();
        // A cmdlet without named sets (Export-LmmPlot) has one syntax block holding every parameter.
        if (declaredSets.Count == 0)
            declaredSets.Add(null);
        var syntax = Entry(cmdlet).Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(declaredSets.Count, syntax.Count);

        // Each syntax block lists the parameters of one set (those of that set plus those in every set), with the
        // set's mandatory flags.
        var blocks = syntax.Select(s => s.Elements(Command + "parameter").ToDictionary(p => p.Element(Maml + "name")!.Value, p => (string)p.Attribute("required")!)).ToList();
        foreach (var set in declaredSets)
        {
            var expected = setsOf.Where(kv => kv.Value.Any(v => v.Set == set || v.Set is null))
                .ToDictionary(kv => kv.Key, kv => kv.Value.First(v => v.Set == set || v.Set is null).Mandatory ? "true" : "false");
            Assert.Contains(blocks, b => b.Count == expected.Count && expected.All(e => b.TryGetValue(e.Key, out var r) && r == e.Value));
        }
    }
}
