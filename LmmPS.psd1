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
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('statistics', 'mixed-models', 'lme4', 'REML', 'regression', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            # Set LicenseUri and ProjectUri to the repository's license and home page before publishing.
            LicenseUri   = ''
            ProjectUri   = ''
            ReleaseNotes = 'First release: New-LmmDesign, Invoke-LmmFit, Get-LmmProfile -Design -Theta. Profiles (Get-LmmProfile -Fit), gradient checks (Test-LmmGradient) and fixed-effect priors follow.'
        }
    }
}
