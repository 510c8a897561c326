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
        ["ConflictingCultureOptions"] = "Give -Culture <name> or -UseCulture, not both.",
        ["CultureNotFound"] = "Give a culture name such as de-DE, fr-FR or en-US (Get-Culture -ListAvailable lists them).",
        ["EncodingNotFound"] = "Give -Encoding a known name (utf8, latin1, ascii, utf16) or a code page number such as 1252.",
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
        ["ConstantResponse"] = "Check the response column: every used row has the same value, so there is no variance to split.",
        ["EmptyRandomTerm"] = "Give the random-effects term at least one column, e.g. (1 | group).",
        ["FactorWithOneLevel"] = "Drop the factor from the fixed effects, or use data in which it takes at least two levels.",
        ["GroupingFactorTooFewLevels"] = "Use a grouping factor with more levels, or model it as a fixed effect.",
        ["GroupingFactorTooManyLevels"] = "Use a grouping factor with fewer levels than observations (one observation per level leaves nothing for the residual).",
        ["NoCompleteRows"] = "Fill in the missing values (or use other columns): every row misses a variable of the formula.",
        ["NonNumericResponse"] = "Make the response numeric: fix the values that are not numbers (see -Verbose and the typing warning), or use -Numeric on it to find them.",
        ["ResponseFitExactly"] = "The fixed effects reproduce the response exactly; drop terms or check the response column.",
        ["TooManyRandomEffects"] = "Simplify the random-effects term (fewer columns) or use more data.",
        ["InvalidMaxEvaluations"] = "Give -MaxEvaluations a whole number of at least 1.",
        ["UnknownOptimizer"] = "Use -Optimizer LBfgsB or Bobyqa.",
        ["BetaWrongLength"] = "Give one value per fixed effect, in the order of the model's fixed-effect names.",
        ["ProfileUnderPriorNotSupported"] = "Use the fit's (penalised) standard errors, or refit without the prior to profile the likelihood.",
        ["ResponseConstantWithinGroups"] = "Check the response: it does not vary within the groups, so the residual variance cannot be estimated; drop the random term or use other data.",
        ["ResponseNotFinite"] = "Replace or drop the value; to drop a row, build a new design from the data without it.",
        ["ResponseWrongLength"] = "Give one value per row used, in the design's row order (rows dropped for missing values are not counted).",
        ["SigmaOutOfRange"] = "Give the fit's sigma or another finite value of at least 0.",
        ["NoDegreesOfFreedomMethod"] = "Give -DegreesOfFreedom Satterthwaite or KenwardRoger for df and p-values.",
        ["TypeThreeColumnUnmatched"] = "Test the term's hypothesis with -Contrast (one row per degree of freedom, with -Joint).",
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
        ["CompareWithPrior"] = "Compare fits without a fixed-effect prior: a likelihood-ratio test of penalised fits is not defined.",
        ["DifferentData"] = "Fit every model to the same rows and response (drop rows with missing values in any model's columns first).",
        ["FieldTooLong"] = "Check that -Path names a CSV text file; a field of over a million characters usually means a binary or wrongly delimited file.",
        ["IncomparableReml"] = "Let Compare-LmmFit refit by ML (omit -NoRefit), or fit the models with -Method ML: REML criteria of different fixed effects are not comparable.",
        ["InconsistentFit"] = "Refit the model (Invoke-LmmFit) instead of passing an edited or partially deserialized fit.",
        ["InvalidDesignSchema"] = "Refit the model: the fit's DesignSchema text was changed or truncated.",
        ["LeverageWithPrior"] = "Fit without -FixedEffectPriorSD/-FixedEffectPriorCovariance to get hat values.",
        ["NewDataColumnNotFound"] = "Add the column the message names to the new data, with the name the fit used.",
        ["NewDataNotNumeric"] = "Give the column numbers in the new data, as in the data the model was fitted to.",
        ["NewFactorLevel"] = "Use only levels the fit has seen for fixed-effect factors, or refit with data that contain the level.",
        ["NewGroupingLevel"] = "Use -NewLevels Population to predict a new group at the population level, or drop the row.",
        ["NoDesignSchema"] = "Refit the model from its data (Invoke-LmmFit): a design assembled without a schema cannot code new rows.",
        ["NotAFit"] = "Pipe LmmFit objects from Invoke-LmmFit (or pass them to -Fit).",
        ["PlotFileExists"] = "Add -Force to overwrite the file, or choose another -Path.",
        ["PlotFolderNotFound"] = "Create the folder first (New-Item -ItemType Directory) or choose a -Path in an existing folder.",
        ["PlotKindNotAvailable"] = "Choose a -Kind the input can give: Caterpillar from a fit, Profile from Get-LmmProfile output or a fit.",
        ["PlotPathInvalid"] = "Give -Path a file name ending in .svg.",
        ["PlotPathIsDirectory"] = "Give -Path a file name, not a folder (e.g. ./plots/fit.svg).",
        ["PlotPathNeedsPattern"] = "With several inputs, put {0} in -Path (e.g. plot-{0}.svg) so each gets its own file.",
        ["PlotPathNotWritable"] = "Choose a -Path you can write to, or make the file writable.",
        ["SchemaMismatch"] = "Predict with the fit whose design the rows were built for, or refit the model.",
        ["TooFewModels"] = "Pass two or more fits to Compare-LmmFit.",
        ["UnknownGroupingFactor"] = "Name grouping factors as the fit names them (see $fit.VarianceComponents.Group), or use All or None.",
        ["UnsupportedPlotFormat"] = "Write .svg (convert to PNG with rsvg-convert or a browser if needed).",
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
