using VolNotebooks.Charts;
using VolNotebooks.Econometrics;
using VolNotebooks.Evaluation;

namespace VolNotebooks.Reports;

/// <summary>Tables of fitted models: parameters with standard errors, fit statistics, HAR coefficients.</summary>
public static class ModelTables
{
    /// <summary>Every parameter of every model: estimate, classic and robust (Bollerslev-Wooldridge) standard errors, t and p.</summary>
    /// <param name="fits">Named fits.</param>
    public static Table Parameters(params (string Model, ArchFitResult Fit)[] fits)
    {
        var table = new Table("model", "parameter", "estimate", "std err", "robust std err", "t (robust)", "p-value")
            .Format("estimate", "0.00000").Format("std err", "0.00000").Format("robust std err", "0.00000").Format("t (robust)", "0.00").Format("p-value", "0.0000");
        foreach (var (model, fit) in fits)
        {
            foreach (var e in fit.Estimates)
                table.AddRow(model, e.Name, e.Value, e.StandardError, e.RobustStandardError, e.TStatistic, e.PValue);
        }

        return table;
    }

    /// <summary>Per model: log-likelihood, AIC, BIC, observations, convergence and fitting time.</summary>
    /// <param name="fits">Named fits.</param>
    public static Table FitStatistics(params (string Model, ArchFitResult Fit)[] fits)
    {
        var table = new Table("model", "log-likelihood", "AIC", "BIC", "n", "converged", "iterations", "fit ms")
            .Format("log-likelihood", "0.000").Format("AIC", "0.0").Format("BIC", "0.0").Format("fit ms", "0.0");
        foreach (var (model, fit) in fits)
            table.AddRow(model, fit.LogLikelihood, fit.Aic, fit.Bic, fit.Observations, fit.Converged ? "yes" : $"NO ({fit.ExitReason})", fit.TotalIterations, fit.FitMilliseconds);
        return table;
    }

    /// <summary>HAR coefficients with OLS and Newey-West standard errors.</summary>
    /// <param name="fits">Named HAR fits.</param>
    public static Table Har(params (string Model, HarFit Fit)[] fits)
    {
        var table = new Table("model", "coefficient", "estimate", "OLS std err", "Newey-West std err", "t (NW)", "R2")
            .Format("estimate", "0.0000").Format("OLS std err", "0.0000").Format("Newey-West std err", "0.0000").Format("t (NW)", "0.00").Format("R2", "0.000");
        foreach (var (model, fit) in fits)
        {
            for (var i = 0; i < fit.Coefficients.Length; i++)
                table.AddRow(model, fit.ParameterNames[i], fit.Coefficients[i], fit.OlsStandardErrors[i], fit.NeweyWestStandardErrors[i], fit.TStatistics[i], fit.RSquared);
        }

        return table;
    }

    /// <summary>How each out-of-sample study went: refits, non-converged refits, forecasts and time.</summary>
    /// <param name="studies">Named studies.</param>
    public static Table Studies(params (string Model, OutOfSampleForecast Study)[] studies)
    {
        var table = new Table("model", "refits", "not converged", "forecast days", "first", "last", "seconds").Format("seconds", "0.00");
        foreach (var (model, s) in studies)
            table.AddRow(model, s.Refits.Count, s.NonConvergedRefits, s.Dates.Length, s.Dates[0], s.Dates[^1], s.ElapsedMilliseconds / 1000);
        return table;
    }
}
