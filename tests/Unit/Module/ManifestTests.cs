using System.Text.RegularExpressions;

namespace LmmPS.Tests.Module;

/// <summary>LmmPS.psd1 read as text (no PowerShell here): its exports and files match what is built.</summary>
public class ManifestTests
{
    private static readonly string Text = File.ReadAllText(ModulePaths.Manifest);

    private static string[] ArrayValue(string key)
    {
        var match = Regex.Match(Text, key + @"\s*=\s*@\((?<items>[^)]*)\)", RegexOptions.Singleline);
        Assert.True(match.Success, $"{key} = @(...) not found in LmmPS.psd1");
        return Regex.Matches(match.Groups["items"].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToArray();
    }

    private static string ScalarValue(string key)
    {
        var match = Regex.Match(Text, @"(?m)^\s*" + key + @"\s*=\s*'(?<value>[^']*)'");
        Assert.True(match.Success, $"{key} = '...' not found in LmmPS.psd1");
        return match.Groups["value"].Value;
    }

    [Fact]
    public void CmdletsToExport_lists_exactly_the_compiled_cmdlets()
    {
        var compiled = AttributeData.CmdletTypes().Select(AttributeData.CmdletName).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(compiled, ArrayValue("CmdletsToExport").OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Nothing_else_is_exported_by_wildcard()
    {
        Assert.Empty(ArrayValue("FunctionsToExport"));
        Assert.Empty(ArrayValue("VariablesToExport"));
        Assert.Empty(ArrayValue("AliasesToExport"));
    }

    [Fact]
    public void Files_the_manifest_names_exist_in_the_module_source()
    {
        Assert.Equal("LmmPS.psm1", ScalarValue("RootModule"));
        Assert.True(File.Exists(Path.Combine(ModulePaths.ModuleSource, "LmmPS.psm1")));
        Assert.Equal(new[] { "LmmPS.format.ps1xml" }, ArrayValue("FormatsToProcess"));
        Assert.True(File.Exists(ModulePaths.FormatFile));
    }

    [Fact]
    public void Editions_version_and_gallery_data()
    {
        Assert.Equal("5.1", ScalarValue("PowerShellVersion"));
        Assert.Equal(new[] { "Core", "Desktop" }, ArrayValue("CompatiblePSEditions"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", ScalarValue("ModuleVersion"));
        Assert.Matches(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", ScalarValue("GUID"));
        Assert.Contains("lme4", ArrayValue("Tags"));
        Assert.Matches(@"(?m)^\s*LicenseUri\s*=", Text);
        Assert.Matches(@"(?m)^\s*ProjectUri\s*=", Text);
    }

    [Fact]
    public void The_loader_script_picks_net8_on_Core_and_netstandard_on_Desktop()
    {
        var loader = File.ReadAllText(Path.Combine(ModulePaths.ModuleSource, "LmmPS.psm1"));
        Assert.Contains("'net8.0'", loader);
        Assert.Contains("'netstandard2.0'", loader);
        Assert.Contains("'LmmPS.dll'", loader);
        // The csproj must lay out the same folder names the loader looks for.
        var project = File.ReadAllText(Path.Combine(ModulePaths.ModuleSource, "LmmPS.csproj"));
        Assert.Contains("Dependencies/", project);
        Assert.Contains(LmmPS.Loading.ModuleInitializer.DependencyFolderName, project);
    }
}
