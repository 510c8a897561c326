namespace LmmPS.Core.Formulas;

/// <summary>The function calls met while one formula is expanded: each computed variable by its label (R's deparse,
/// so <c>I(Days-4.5)</c> in X and <c>I(Days - 4.5)</c> in Z are one model-frame column) and the offsets.</summary>
internal sealed class FormulaCalls
{
    public Dictionary<string, CallExpression> Computed { get; } = new(StringComparer.Ordinal);

    public List<CallExpression> Offsets { get; } = new();

    public string Add(CallExpression call)
    {
        var label = call.Label;
        if (!Computed.ContainsKey(label))
            Computed.Add(label, call);
        return label;
    }
}
