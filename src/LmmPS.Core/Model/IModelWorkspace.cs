namespace LmmPS.Core.Model;

/// <summary>A workspace that code above the model layer keeps with a <see cref="LinearMixedModel"/> (the gradient's:
/// Gradients/ModelGradient), so it lives as long as the model and is dropped with
/// <see cref="LinearMixedModel.ReleaseGradientWorkspace"/>. The model never calls it: the interface only lets the model
/// hold it without depending on the layer that made it.</summary>
internal interface IModelWorkspace
{
}
