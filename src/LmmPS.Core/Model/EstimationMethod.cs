namespace LmmPS.Core.Model;

/// <summary>Maximum likelihood or restricted (residual) maximum likelihood.</summary>
public enum EstimationMethod
{
    REML,
    ML,
}
