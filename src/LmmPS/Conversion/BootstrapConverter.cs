using System.Management.Automation;
using LmmPS.Core.Inference;

namespace LmmPS.Conversion;

/// <summary>The engine's bootstrap result as the cmdlet's <see cref="LmmBootstrap"/>: a flat row per replicate and
/// profile-style interval rows.</summary>
internal static class BootstrapConverter
{
    public static LmmBootstrap Convert(LmmFit fit, BootstrapResult result, int threads)
    {
        var names = result.StatisticNames.ToArray();
        var table = result.Replicates.Select(r =>
        {
            var row = new PSObject();
            row.Properties.Add(new PSNoteProperty("Replicate", r.Index));
            row.Properties.Add(new PSNoteProperty("Objective", r.Objective));
            row.Properties.Add(new PSNoteProperty("Converged", r.Converged));
            row.Properties.Add(new PSNoteProperty("Singular", r.Singular));
            row.Properties.Add(new PSNoteProperty("Error", r.Error ?? string.Empty));
            for (int s = 0; s < names.Length; s++)
                row.Properties.Add(new PSNoteProperty(names[s], r.Statistics[s]));
            return row;
        }).ToArray();
        var intervals = new List<LmmProfileInterval>();
        for (int s = 0; s < names.Length; s++)
        {
            string note = result.Failed > 0 ? $"{result.Failed} failed replicate(s) left out" : string.Empty;
            var (pl, pu) = result.Percentile(s, 0.95);
            var (sl, su) = result.Shortest(s, 0.95);
            intervals.Add(new LmmProfileInterval(names[s], result.Original[s], pl, pu, 0.95, "bootstrap-percentile", note) { Formula = fit.Formula, Source = fit.Design.Source });
            intervals.Add(new LmmProfileInterval(names[s], result.Original[s], sl, su, 0.95, "bootstrap-shortest", note) { Formula = fit.Formula, Source = fit.Design.Source });
        }
        return new LmmBootstrap(fit.Formula, fit.Method, result.Seed, result.Replicates.Count, result.Failed, result.Elapsed.TotalSeconds, threads,
            names, table, intervals.ToArray());
    }
}
