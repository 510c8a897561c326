namespace LmmPS.Core.Common;

/// <summary>
/// What kind of failure an <see cref="LmmException"/> reports. The module maps these to PowerShell's
/// ErrorCategory; the engine keeps its own enum so it never references System.Management.Automation.
/// </summary>
public enum LmmErrorCategory
{
    InvalidData,
    InvalidArgument,
    SyntaxError,
    ObjectNotFound,
    NotImplemented,
    ResourceUnavailable,
    InvalidResult,
    OperationStopped,
    ReadError,
}
