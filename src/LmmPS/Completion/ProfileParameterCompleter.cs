using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LmmPS.Conversion;

namespace LmmPS.Completion;

/// <summary>Tab completion for Get-LmmProfile -Parameter: the profile parameter names (sd_(Intercept)|Subject, sigma,
/// Days, ...) of the fit given by -Fit on the same command line (a variable holding a live fit).</summary>
public sealed class ProfileParameterCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var value = fakeBoundParameters["Fit"] is PSObject p ? p.BaseObject : fakeBoundParameters["Fit"];
        if (value is not LmmFit fit)
            return Array.Empty<CompletionResult>();
        return CompletionText.Matching(ProfileParameterNames.For(fit.Design.Engine), wordToComplete);
    }
}
