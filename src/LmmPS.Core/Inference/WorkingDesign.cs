using LmmPS.Core.Design;
using LmmPS.Core.Scaling;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace LmmPS.Core.Inference;

/// <summary>
/// The design the tests of fixed effects are computed on, and how the user's hypotheses map onto it. A badly scaled
/// design (<see cref="DesignScaling.IsNeeded"/>: a covariate or the response far from zero or on an extreme scale) is
/// tested through its exact reparametrisation X' = X T, y' = (y - c) / s_y, Z' = Z M at theta' (Lambda = M Lambda'),
/// the same one the fit uses: the cross-products [Z X y]'[Z X y] of the columns as given cancel away the digits the
/// df are made of (D = Days + 1e6 in sleepstudy gave a Satterthwaite df of 47.6 instead of 17.0).
///
/// The map is exact. With beta = s_y T beta' + c e_int, a contrast l on beta is l' = T'l on beta' (rows of L become
/// L T): l'beta = s_y l''beta' + c l_int and Var(l'beta) = s_y^2 Var(l''beta'), so the SE scales by s_y and t and F
/// are unchanged. Satterthwaite's df is a delta-method quantity in (theta, sigma): the deviance of the two designs
/// differs by a constant and theta maps linearly (sigma by s_y), so its gradient and Hessian transform covariantly and
/// the df of l equals the df of l' on the reparametrised design. Kenward-Roger's adjustment is likewise invariant under
/// linear maps of beta and of the (linear) covariance parameters. A Type III hypothesis is built on the user's
/// design (lmerTest's basis) and mapped, never rebuilt on the reparametrised terms: centring mixes the intercept into
/// the other columns, and a Type III basis built there would test another hypothesis (the main effects of a factor
/// interacting with a shifted covariate are genuinely different hypotheses).
///
/// Centring and scaling each column is not enough for the tests when a shifted covariate interacts with a factor: the
/// centred columns of period and period:D (D = Days + 1e5) still correlate to 1 - 1e-9, and X'V^-1 X loses those digits
/// (the interaction's F was off by 1.6e-4). So the fixed-effects columns of the reparametrised design are further
/// orthogonalised: X' = Q R by Householder QR (backward stable column by column, so as exact as the columns
/// themselves), and the working columns are X'' = sqrt(n) Q with beta' = T2 beta'', T2 = sqrt(n) R^-1. The whole map
/// is then beta = s_y T T2 beta'' + c e_int, and a row l maps to T2' T' l.
/// </summary>
internal sealed class WorkingDesign
{
    private readonly DesignScaling? _scaling;
    private readonly Matrix<double>? _t2;
    private readonly Matrix<double>? _t;

    private WorkingDesign(ModelDesign design, IReadOnlyList<double> theta, DesignScaling? scaling, Matrix<double>? t2)
    {
        _scaling = scaling;
        _t2 = t2;
        Design = design;
        Theta = theta;
        if (scaling is not null)
        {
            var t = Matrix<double>.Build.DenseOfArray(scaling.FixedEffectMap());
            _t = t2 is null ? t : t * t2;
        }
    }

    /// <summary>The design the moments are computed on (the user's when it is well scaled).</summary>
    public ModelDesign Design { get; }

    /// <summary>Theta in that design's parametrisation.</summary>
    public IReadOnlyList<double> Theta { get; }

    /// <summary>s_y: response units of the user's design per unit of the working one.</summary>
    public double YScale => _scaling?.YScale ?? 1.0;

    public bool IsReparametrised => _scaling is not null;

    public static WorkingDesign For(ModelDesign design, IReadOnlyList<double> theta)
    {
        if (!DesignScaling.IsNeeded(design))
            return new WorkingDesign(design, theta, null, null);
        var scaling = DesignScaling.For(design);
        var (orthogonal, t2) = Orthogonalised(scaling.Scaled);
        return new WorkingDesign(orthogonal, scaling.ThetaToScaled(theta), scaling, t2);
    }

    /// <summary>X'' = sqrt(n) Q and T2 = sqrt(n) R^-1 from the thin Householder QR X' = Q R; the design unchanged (and
    /// T2 null) when R has a zero pivot (aliased columns are dropped before, so only a degenerate hand-built design).</summary>
    private static (ModelDesign Design, Matrix<double>? T2) Orthogonalised(ModelDesign d)
    {
        int n = d.RowCount, p = d.FixedEffectCount;
        var qr = Matrix<double>.Build.DenseOfColumnMajor(n, p, d.X).QR(QRMethod.Thin);
        for (int j = 0; j < p; j++)
            if (!(Math.Abs(qr.R[j, j]) > 0.0))
                return (d, null);
        double rootN = Math.Sqrt(n);
        var x = (qr.Q * rootN).ToColumnMajorArray();
        var t2 = qr.R.Inverse() * rootN;
        var design = new ModelDesign(d.Formula, d.Response, x, d.FixedEffectNames, d.DroppedFixedEffects, d.RandomTerms, d.RowsUsed, d.RowsDropped)
            { Warnings = d.Warnings, Weights = d.Weights, WeightsColumn = d.WeightsColumn };
        return (design, t2);
    }

    /// <summary>(T T2)'l: the contrast on the working beta whose estimate is (l'beta - c l_int) / s_y.</summary>
    public Vector<double> Row(Vector<double> l) => _t is null ? l : _t.TransposeThisAndMultiply(l);

    /// <summary>L T T2: the rows of a hypothesis on the working beta.</summary>
    public Matrix<double> Rows(Matrix<double> l) => _t is null ? l : l * _t;

    /// <summary>The user's beta from the working one.</summary>
    public Vector<double> BetaToOriginal(Vector<double> working) =>
        _scaling is null ? working : Vector<double>.Build.DenseOfArray(_scaling.BetaToOriginal((_t2 is null ? working : _t2 * working).ToArray()));

    /// <summary>A covariance of beta in the user's units from the working one (s_y^2 T V' T').</summary>
    public Matrix<double> CovarianceToOriginal(Matrix<double> working) =>
        _scaling is null ? working
            : Matrix<double>.Build.DenseOfArray(_scaling.CovarianceToOriginal((_t2 is null ? working : _t2 * working * _t2.Transpose()).ToArray()));
}
