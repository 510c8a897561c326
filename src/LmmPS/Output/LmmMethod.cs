namespace LmmPS;

/// <summary>The estimation criterion, as the cmdlets take it. The module has its own enum (not the engine's) so no
/// cmdlet class has a field whose type lives in the engine assembly: such a field would force the engine to load
/// while PowerShell is still reflecting over the cmdlets, before the module's assembly resolver is in place.</summary>
public enum LmmMethod
{
    REML,
    ML,
}
