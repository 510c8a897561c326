@{
    RootModule           = 'LmmPS.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6b60518e-fbe6-4c0e-80f2-9b5a1c227927'
    Author               = 'LmmPS contributors'
    CompanyName          = 'LmmPS'
    Copyright            = '(c) LmmPS contributors.'
    Description          = 'Linear mixed-effects models for PowerShell: lme4 formulas and lme4 numbers (REML and ML fits, variance components, conditional modes), typed results that flow through the pipeline.'

    # The net8.0 build needs PowerShell 7.4+, the netstandard2.0 build runs on Windows PowerShell 5.1;
    # LmmPS.psm1 picks the one that matches the running edition.
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')

    FormatsToProcess     = @('LmmPS.format.ps1xml')

    CmdletsToExport      = @(
        'New-LmmDesign'
        'Invoke-LmmFit'
        'Get-LmmProfile'
        'Test-LmmGradient'
        'Get-LmmPrediction'
        'Get-LmmResidual'
        'Compare-LmmFit'
        'Test-LmmFixedEffect'
        'Invoke-LmmBootstrap'
        'Export-LmmPlot'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('statistics', 'mixed-models', 'lme4', 'REML', 'regression', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            # LICENSE (MIT) ships in the module folder; set LicenseUri and ProjectUri to the repository's pages before publishing.
            LicenseUri   = ''
            ProjectUri   = ''
            ReleaseNotes = @'
0.1.0: New-LmmDesign and Invoke-LmmFit (REML/ML, LBFGSB or BOBYQA, blme-style fixed-effect priors), Get-LmmProfile (profile and Wald intervals, devfun points), Test-LmmGradient.
PowerShell habits: per-file/per-fit errors are non-terminating (-ErrorAction, -ErrorVariable); Get-ChildItem *.csv pipes into Invoke-LmmFit and New-LmmDesign;
rows carry Formula and Source; $fits | Export-Csv writes one flat row per fit; -FixedEffectPriorCovariance takes a jagged array; a #TYPE first line is skipped;
ErrorDetails.RecommendedAction says what to do. See about_LmmPS.
'@
        }
    }
}
