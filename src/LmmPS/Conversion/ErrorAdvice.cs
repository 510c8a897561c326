using System.Management.Automation;

namespace LmmPS.Conversion;

/// <summary>
/// What to do about each ErrorId, for <c>ErrorDetails.RecommendedAction</c> (shown by <c>Get-Error</c> and read by
/// scripts as <c>$err.ErrorDetails.RecommendedAction</c>). The message says what went wrong and where; this says the
/// usual fix in one sentence, so it can be shown on its own. An id missing here has no general advice.
/// </summary>
public static class ErrorAdvice
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["FormulaSyntaxError"] = "Fix the formula at the position the message gives; lme4 syntax: response ~ fixed + (terms | group).",
        ["UnsupportedFormulaConstruct"] = "Rewrite the term with the supported operators (+, :, *, |, ||, 0/1 for the intercept) or compute the column in the data first.",
        ["ColumnNotFound"] = "Use one of the column names the message lists (names are case-sensitive).",
        ["ConflictingColumnKind"] = "Name the column in only one of -Categorical, -Ordered and -Numeric.",
        ["ConflictingColumnOptions"] = "Give the column either a numeric type or a level order, not both.",
        ["CsvParseError"] = "Check the CSV at the line the message gives; use -Delimiter or -Culture if the file is not comma-separated.",
        ["DuplicateColumnName"] = "Rename one of the columns in the header so every name is unique.",
        ["DuplicateLevel"] = "List each level once in the level order.",
        ["EmptyColumnName"] = "Give every column a name in the header row.",
        ["EmptyFile"] = "Point -Path at a CSV file with a header row and data rows.",
        ["EmptyInputObject"] = "Pipe objects with one property per column, e.g. from Import-Csv.",
        ["EmptyPipeline"] = "Pipe data rows (Import-Csv data.csv | ...) or use -Path.",
        ["FactorizationFailed"] = "Simplify the random-effects structure or check the data for constant or duplicated columns.",
        ["FileNotFound"] = "Check the path (relative paths follow the current PowerShell location) or use Get-ChildItem to find the file.",
        ["FileUnreadable"] = "Check that the file exists, is readable and is not locked by another program.",
        ["FitFailed"] = "Try -Optimizer Bobyqa, other -StartTheta values or a simpler random-effects structure.",
        ["InvalidArgumentValue"] = "Give the parameter a value in the range the message gives.",
        ["InvalidDelimiter"] = "Use a delimiter such as ',', ';' or \"`t\".",
        ["InvalidEncoding"] = "Give -Encoding the file's encoding (e.g. -Encoding latin1 or -Encoding 1252), or save the file as UTF-8.",
        ["InvalidLevel"] = "Fix the value or add it to the level order.",
        ["InvalidLevelOrder"] = "List each level as a non-null string.",
        ["InvalidPipelineInput"] = "Pipe rows from Import-Csv or objects with properties; to read a CSV file, use -Path or pipe Get-ChildItem.",
        ["InvalidThetaValue"] = "Give finite theta values; diagonal elements must be at least 0.",
        ["InvalidThreshold"] = "Give -Threshold a finite number greater than 0.",
        ["ModelTooLarge"] = "Fit fewer random-effects terms or levels, or run on a machine with more memory.",
        ["NoColumns"] = "Give the data at least the columns the formula uses.",
        ["NoDataRows"] = "Add data rows below the header.",
        ["NoRandomEffects"] = "Add a random-effects term such as (1 | group) to the formula; without one, use an ordinary linear model.",
        ["NonFiniteValue"] = "Write a missing value as an empty field or NA, or fix the value.",
        ["NonNumericValue"] = "Fix the value at the row the message gives, make it missing (empty or NA), or drop the column from -Numeric.",
        ["NotAFileSystemPath"] = "Give a path on the file system (e.g. C:\\data\\a.csv or ./a.csv).",
        ["ParameterNotFound"] = "Use one of the parameter names the message lists (see the fit's profile parameter names).",
        ["PriorCovarianceNotFinite"] = "Give a covariance with finite entries.",
        ["PriorCovarianceNotPositiveDefinite"] = "Give a positive-definite covariance (every variance > 0, correlations strictly inside (-1, 1)).",
        ["PriorCovarianceNotSquare"] = "Give a p x p covariance, p = the number of fixed effects.",
        ["PriorCovarianceNotSymmetric"] = "Give a symmetric covariance (element [i][j] equal to [j][i]).",
        ["PriorCovarianceWrongSize"] = "Give a p x p covariance, p = the number of fixed effects (see the design's FixedEffects).",
        ["PriorLengthMismatch"] = "Give at most one SD per fixed effect (the last one repeats).",
        ["PriorOptionWithoutPrior"] = "Add -FixedEffectPriorSD or -FixedEffectPriorCovariance, or drop the prior option.",
        ["PriorSpecificationConflict"] = "Give either -FixedEffectPriorSD or -FixedEffectPriorCovariance, not both.",
        ["PriorWithoutFixedEffects"] = "Drop the fixed-effect prior: the model has no fixed effects.",
        ["InvalidPriorStandardDeviation"] = "Give finite prior SDs greater than 0.",
        ["RaggedRow"] = "Fix the row the message gives: quote values that contain the delimiter, or set -Delimiter.",
        ["StrayQuote"] = "Quote the whole field and double the quotes inside it.",
        ["UnbalancedQuote"] = "Close the quoted field, or double a quote that belongs to the value.",
        ["ThetaLengthMismatch"] = "Give one value per name in the design's ThetaNames.",
        ["ThetaOutOfBounds"] = "Keep diagonal theta elements at or above 0.",
        ["ThetaWrongLength"] = "Give one value per name in the design's ThetaNames.",
        ["TooFewObservations"] = "Use more rows, or fewer random-effects parameters than observations.",
        ["UnexpectedColumn"] = "Give every pipeline row the same properties as the first.",
        ["UnknownLevel"] = "Fix the value or add it to the level order.",
        ["UnsupportedValueType"] = "Convert the property to a number or a string before piping (e.g. with Select-Object).",
        ["DeserializedFit"] = "Refit with Invoke-LmmFit -Formula <formula> -Path <data file>, or keep the source file where it was when the fit was exported.",
        ["KenwardRogerNeedsREML"] = "Fit by REML (the default) for Kenward-Roger, or use Satterthwaite's df, which ML fits allow.",
        ["InferenceUnderPrior"] = "Refit without the fixed-effect prior to test fixed effects.",
        ["NoFixedEffects"] = "Add fixed effects to the formula: there is nothing to test.",
        ["ContrastWrongLength"] = "Give one weight per fixed effect, in the order of the fit's FixedEffects.",
        ["InvalidContrast"] = "Give -Contrast as a double[,] or an array of equal-length rows of numbers.",
        ["ContrastNotFinite"] = "Give finite contrast weights.",
        ["ContrastIsZero"] = "Give a contrast with at least one non-zero weight.",
        ["EmptyContrast"] = "Give -Contrast at least one row.",
        ["ContrastRankDeficient"] = "Drop the rows of -Contrast that are combinations of the others.",
        ["ContrastHasNoRank"] = "Give contrasts that involve estimated fixed effects.",
        ["JointWithoutContrast"] = "Add -Contrast, or drop -Joint for the Type III table.",
        ["TypeThreeNotImplemented"] = "Test the term's hypothesis with -Contrast (one row per degree of freedom, with -Joint).",
        ["BootstrapUnderPrior"] = "Refit without the fixed-effect prior to bootstrap it.",
        ["UnexpectedEngineError"] = "Report the command and data to the LmmPS maintainers.",
    };

    /// <summary>The advice for <paramref name="errorId"/>, or null.</summary>
    public static string? For(string errorId) => Actions.TryGetValue(errorId, out var action) ? action : null;

    /// <summary>Fills ErrorDetails (message unchanged) with the id's advice; records without advice pass through.</summary>
    public static ErrorRecord Attach(ErrorRecord record)
    {
        var action = For(record.FullyQualifiedErrorId);
        if (action is not null)
            record.ErrorDetails = new ErrorDetails(record.Exception.Message) { RecommendedAction = action };
        return record;
    }
}
