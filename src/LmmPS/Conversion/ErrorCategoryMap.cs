using System.Management.Automation;
using LmmPS.Core.Common;

namespace LmmPS.Conversion;

/// <summary>The engine's error kinds as PowerShell error categories (the engine cannot reference PowerShell).</summary>
public static class ErrorCategoryMap
{
    public static ErrorCategory ToErrorCategory(LmmErrorCategory category) => category switch
    {
        LmmErrorCategory.InvalidData => ErrorCategory.InvalidData,
        LmmErrorCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        LmmErrorCategory.SyntaxError => ErrorCategory.SyntaxError,
        LmmErrorCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        LmmErrorCategory.NotImplemented => ErrorCategory.NotImplemented,
        LmmErrorCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        LmmErrorCategory.InvalidResult => ErrorCategory.InvalidResult,
        LmmErrorCategory.OperationStopped => ErrorCategory.OperationStopped,
        LmmErrorCategory.ReadError => ErrorCategory.ReadError,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>What an ErrorRecord should point at: the file, else the column, else the caller's fallback (the formula).</summary>
    public static object? TargetOf(LmmException exception, object? fallback) =>
        (object?)exception.Path ?? (object?)exception.Column ?? fallback;
}
