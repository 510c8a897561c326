namespace LmmPS.Core.Optimizers;

/// <summary>A quadratic Q(x) = c + g'(x - center) + (x - center)'B(x - center)/2, the local model BOBYQA minimises.
/// It is kept centred on the best point so that the gradient used by the trust-region step is simply g.</summary>
internal sealed class QuadraticModel
{
    public QuadraticModel(double[] center)
    {
        int n = center.Length;
        Center = (double[])center.Clone();
        Gradient = new double[n];
        Hessian = new double[n, n];
    }

    public double[] Center { get; private set; }

    public double Constant { get; set; }

    public double[] Gradient { get; }

    public double[,] Hessian { get; }

    public int Dimension => Center.Length;

    public double Value(double[] x)
    {
        int n = Dimension;
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = x[i] - Center[i];
        return Constant + Dot(Gradient, d) + 0.5 * QuadraticForm(Hessian, d);
    }

    /// <summary>Re-expresses the same quadratic about a new centre (value and gradient change, the Hessian does not).</summary>
    public void MoveCenter(double[] newCenter)
    {
        int n = Dimension;
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = newCenter[i] - Center[i];
        Constant = Value(newCenter);
        for (int i = 0; i < n; i++)
        {
            double bd = 0;
            for (int j = 0; j < n; j++) bd += Hessian[i, j] * d[j];
            Gradient[i] += bd;
        }

        Center = (double[])newCenter.Clone();
    }

    public static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public static double QuadraticForm(double[,] matrix, double[] v)
    {
        int n = v.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++) row += matrix[i, j] * v[j];
            sum += v[i] * row;
        }

        return sum;
    }

    public static double[] Multiply(double[,] matrix, double[] v)
    {
        int n = v.Length;
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++) row += matrix[i, j] * v[j];
            result[i] = row;
        }

        return result;
    }
}
