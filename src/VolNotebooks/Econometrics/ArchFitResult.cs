using System.Globalization;
using System.Text;
using MathNet.Numerics;

namespace VolNotebooks.Econometrics;

/// <summary>Result of <see cref="ArchModel.Fit"/>: estimates, standard errors, fit statistics, convergence and the fitted series.</summary>
/// <remarks>
/// t-statistics and p-values use the robust (Bollerslev-Wooldridge) standard errors, arch's default; p-values are
/// two-sided under the normal approximation. <c>AIC = -2 lnL + 2k</c>, <c>BIC = -2 lnL + k ln n</c>.
/// </remarks>
public sealed class ArchFitResult
{
    private readonly double _lastReturn;

    internal ArchFitResult(
        ArchModel model, double[] parameters, double logLikelihood, int observations, double backcast,
        OptimizationResult optimization, int totalIterations, int starts, CovarianceEstimates? covariance,
        double[] residuals, double[] conditionalVariance, double lastReturn, double fitMilliseconds)
    {
        Model = model;
        Parameters = parameters;
        LogLikelihood = logLikelihood;
        Observations = observations;
        Backcast = backcast;
        Optimization = optimization;
        TotalIterations = totalIterations;
        Starts = starts;
        Covariance = covariance;
        Residuals = residuals;
        ConditionalVariance = conditionalVariance;
        _lastReturn = lastReturn;
        FitMilliseconds = fitMilliseconds;
        int k = parameters.Length;
        StandardErrors = new double[k];
        RobustStandardErrors = new double[k];
        TStatistics = new double[k];
        PValues = new double[k];
        for (int i = 0; i < k; i++)
        {
            StandardErrors[i] = covariance is null ? double.NaN : SquareRootOrNaN(covariance.Classic[i, i]);
            RobustStandardErrors[i] = covariance is null ? double.NaN : SquareRootOrNaN(covariance.Robust[i, i]);
            TStatistics[i] = parameters[i] / RobustStandardErrors[i];
            PValues[i] = SpecialFunctions.Erfc(Math.Abs(TStatistics[i]) / Math.Sqrt(2));
        }
    }

    /// <summary>The fitted model.</summary>
    public ArchModel Model { get; }

    /// <summary>Estimates in flat-vector order (see <see cref="ParameterNames"/>).</summary>
    public double[] Parameters { get; }

    /// <summary>Textbook names of <see cref="Parameters"/>.</summary>
    public IReadOnlyList<string> ParameterNames => Model.ParameterNames;

    /// <summary>Maximized log-likelihood.</summary>
    public double LogLikelihood { get; }

    /// <summary>Number of observations in the likelihood (returns minus the mean's hold-back).</summary>
    public int Observations { get; }

    /// <summary>Pre-sample variance used by the recursion (percent squared).</summary>
    public double Backcast { get; }

    /// <summary>The optimizer run that produced the estimates, with its exit reason.</summary>
    public OptimizationResult Optimization { get; }

    /// <summary>Iterations of the winning optimizer run.</summary>
    public int Iterations => Optimization.Iterations;

    /// <summary>Iterations summed over all starting points.</summary>
    public int TotalIterations { get; }

    /// <summary>Number of starting points the optimizer was run from.</summary>
    public int Starts { get; }

    /// <summary>True when the winning run stopped on a tolerance; check <see cref="ExitReason"/> otherwise.</summary>
    public bool Converged => Optimization.Converged;

    /// <summary>Why the winning optimizer run stopped.</summary>
    public OptimizerExitReason ExitReason => Optimization.ExitReason;

    /// <summary>Classic and robust covariance matrices, or null when standard errors were not requested.</summary>
    public CovarianceEstimates? Covariance { get; }

    /// <summary>Classic standard errors from the inverse Hessian (NaN when not computed or not positive).</summary>
    public double[] StandardErrors { get; }

    /// <summary>Bollerslev-Wooldridge robust standard errors.</summary>
    public double[] RobustStandardErrors { get; }

    /// <summary>Estimates divided by robust standard errors.</summary>
    public double[] TStatistics { get; }

    /// <summary>Two-sided normal p-values of the robust t-statistics.</summary>
    public double[] PValues { get; }

    /// <summary>One row per parameter: name, estimate, classic and robust standard errors, robust t-statistic and p-value.</summary>
    public IReadOnlyList<ParameterEstimate> Estimates =>
        [.. Parameters.Select((value, i) => new ParameterEstimate(ParameterNames[i], value, StandardErrors[i], RobustStandardErrors[i], TStatistics[i], PValues[i]))];

    /// <summary>Akaike information criterion.</summary>
    public double Aic => -2 * LogLikelihood + 2 * Parameters.Length;

    /// <summary>Bayesian (Schwarz) information criterion.</summary>
    public double Bic => -2 * LogLikelihood + Parameters.Length * Math.Log(Observations);

    /// <summary>Residuals <c>e_t</c> (percent), aligned with <c>returns[Model.Mean.HoldBack..]</c>.</summary>
    public double[] Residuals { get; }

    /// <summary>Fitted conditional variances <c>sigma2_t</c> (percent squared, daily), aligned like <see cref="Residuals"/>.</summary>
    public double[] ConditionalVariance { get; }

    /// <summary>Fitted conditional volatility <c>sigma_t</c> (percent, daily).</summary>
    public double[] ConditionalVolatility => [.. ConditionalVariance.Select(Math.Sqrt)];

    /// <summary>Standardized residuals <c>e_t / sigma_t</c>.</summary>
    public double[] StandardizedResiduals => [.. Residuals.Select((e, t) => e / Math.Sqrt(ConditionalVariance[t]))];

    /// <summary>Wall-clock time of the fit, standard errors included (milliseconds).</summary>
    public double FitMilliseconds { get; }

    /// <summary>The estimate of the parameter with the given textbook name.</summary>
    public double Parameter(string name)
    {
        int index = IndexOf(name);
        return Parameters[index];
    }

    /// <summary>The robust standard error of the parameter with the given textbook name.</summary>
    public double RobustStandardError(string name) => RobustStandardErrors[IndexOf(name)];

    /// <summary>Forecasts the conditional mean and variance h = 1..<paramref name="horizon"/> days past the end of the sample.</summary>
    /// <param name="horizon">Number of days ahead.</param>
    /// <param name="simulation">Simulation settings for EGARCH; defaults to 1,000 paths from the fitted distribution with seed 12345.</param>
    public VarianceForecast Forecast(int horizon, ForecastSimulation? simulation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        ReadOnlySpan<double> parameters = Parameters;
        simulation ??= Model.Volatility.HasAnalyticForecast
            ? null
            : new ForecastSimulation(Model.Distribution, parameters[Model.DistributionSlice].ToArray());
        var variance = new double[horizon];
        double negativeSquareShare = Model.Distribution.NegativeSquareShare(parameters[Model.DistributionSlice]);
        Model.Volatility.ForecastVariance(parameters[Model.VolatilitySlice], Residuals, ConditionalVariance, Backcast, variance, simulation, negativeSquareShare);
        var mean = new double[horizon];
        Model.Mean.ForecastMean(parameters[Model.MeanSlice], _lastReturn, mean);
        return new VarianceForecast(mean, variance);
    }

    /// <summary>A fixed-width text summary in the layout of arch's <c>ARCHModelResult.summary()</c>.</summary>
    public string ToSummaryTable()
    {
        const int width = 78;
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        string title = $"{Model.Mean.Name} - {Model.Volatility.Name} Model Results";
        text.AppendLine(title.PadLeft((width + title.Length) / 2));
        text.AppendLine(new string('=', width));
        void Row(string leftLabel, string leftValue, string rightLabel, string rightValue) =>
            text.AppendLine($"{leftLabel,-14}{leftValue,30}  {rightLabel,-17}{rightValue,15}");
        Row("Mean Model:", Model.Mean.Name, "Log-Likelihood:", LogLikelihood.ToString("F3", inv));
        Row("Vol Model:", Model.Volatility.Name, "AIC:", Aic.ToString("F3", inv));
        Row("Distribution:", Truncate(Model.Distribution.Name, 30), "BIC:", Bic.ToString("F3", inv));
        Row("Method:", "Maximum Likelihood", "No. Observations:", Observations.ToString(inv));
        Row("Converged:", Converged ? "yes" : "NO", "Exit:", ExitReason.ToString());
        Row("Iterations:", Iterations.ToString(inv), "Fit time (ms):", FitMilliseconds.ToString("F1", inv));
        if (!Converged)
            text.AppendLine($"WARNING: the optimizer did not converge ({ExitReason}); estimates may not be a maximum.");

        void Section(string name, Range slice)
        {
            var (offset, length) = slice.GetOffsetAndLength(Parameters.Length);
            if (length == 0) return;
            text.AppendLine(name.PadLeft((width + name.Length) / 2));
            text.AppendLine(new string('=', width));
            text.AppendLine($"{"",-12}{"coef",11}{"std err",11}{"robust se",11}{"t",9}{"P>|t|",10}  {"95% conf. int.",-14}");
            text.AppendLine(new string('-', width));
            for (int i = offset; i < offset + length; i++)
            {
                double low = Parameters[i] - 1.959964 * RobustStandardErrors[i];
                double high = Parameters[i] + 1.959964 * RobustStandardErrors[i];
                text.AppendLine(string.Create(inv,
                    $"{ParameterNames[i],-12}{Parameters[i],11:G5}{StandardErrors[i],11:G4}{RobustStandardErrors[i],11:G4}{TStatistics[i],9:F3}{PValues[i],10:G3}  [{low:G4}, {high:G4}]"));
            }
        }
        Section("Mean Model", Model.MeanSlice);
        Section("Volatility Model", Model.VolatilitySlice);
        Section("Distribution", Model.DistributionSlice);
        text.AppendLine(new string('=', width));
        text.AppendLine("Covariance estimator: robust (Bollerslev-Wooldridge); t and P>|t| use the robust standard errors.");
        return text.ToString();
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < ParameterNames.Count; i++)
            if (ParameterNames[i] == name) return i;
        throw new ArgumentException($"No parameter '{name}'; the model has {string.Join(", ", ParameterNames)}.", nameof(name));
    }

    private static double SquareRootOrNaN(double variance) => variance > 0 ? Math.Sqrt(variance) : double.NaN;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>One estimated parameter with its inference, as a row of the summary table.</summary>
/// <param name="Name">Textbook name, e.g. <c>alpha[1]</c>.</param>
/// <param name="Value">Estimate.</param>
/// <param name="StandardError">Classic standard error (inverse Hessian).</param>
/// <param name="RobustStandardError">Bollerslev-Wooldridge robust standard error.</param>
/// <param name="TStatistic">Estimate over the robust standard error.</param>
/// <param name="PValue">Two-sided normal p-value of <paramref name="TStatistic"/>.</param>
public sealed record ParameterEstimate(string Name, double Value, double StandardError, double RobustStandardError, double TStatistic, double PValue);

/// <summary>Multi-step forecasts of the conditional mean (percent) and variance (percent squared, daily), h = 1..H.</summary>
/// <param name="Mean">Forecast <c>E_T[y_{T+h}]</c> for h = 1..H.</param>
/// <param name="Variance">Forecast <c>E_T[sigma2_{T+h}]</c> for h = 1..H.</param>
public sealed record VarianceForecast(double[] Mean, double[] Variance)
{
    /// <summary>Forecast horizon H.</summary>
    public int Horizon => Variance.Length;

    /// <summary>Cumulative variance over the next <paramref name="days"/> days: <c>sum_{h=1..days} E_T[sigma2_{T+h}]</c>.</summary>
    public double CumulativeVariance(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, Horizon);
        double sum = 0;
        for (int h = 0; h < days; h++) sum += Variance[h];
        return sum;
    }

    /// <summary>Cumulative volatility over the next <paramref name="days"/> days (percent, not annualized): <c>sqrt(CumulativeVariance(days))</c>.</summary>
    /// <remarks>
    /// Comparable with the networks' multi-horizon targets, e.g. 5-day and 22-day realized volatility of percent log returns.
    /// It sums the conditional variances of the daily shocks; with an AR(1) mean the variance of the h-day sum of returns
    /// would also carry the autoregressive propagation of each shock (a factor near 1 for the small phi of daily returns).
    /// </remarks>
    public double CumulativeVolatility(int days) => Math.Sqrt(CumulativeVariance(days));
}
