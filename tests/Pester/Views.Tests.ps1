# Each default view, rendered as Out-String -Width 120 renders it, against the text checked in under
# tests/Pester/Snapshots (elapsed times masked, wrapped lines joined: see ConvertTo-StoredText in Examples.ps1). A view change that is intended: run
#     dotnet pwsh -NoProfile -File ./build.ps1 -Test -Suite Pester -UpdateSnapshots
# which rewrites the snapshots (and the README's example output), then review and commit the diff.
BeforeDiscovery {
    $views = @(
        @{ Name = 'LmmFit-REML'; Type = 'LmmPS.LmmFit' }
        @{ Name = 'LmmFit-ML'; Type = 'LmmPS.LmmFit' }
        @{ Name = 'LmmDesign'; Type = 'LmmPS.LmmDesign' }
        @{ Name = 'LmmFixedEffect'; Type = 'LmmPS.LmmFixedEffect' }
        @{ Name = 'LmmVarianceComponent'; Type = 'LmmPS.LmmVarianceComponent' }
        @{ Name = 'LmmRandomEffect'; Type = 'LmmPS.LmmRandomEffect' }
        @{ Name = 'LmmProfile'; Type = 'LmmPS.LmmProfile' }
        @{ Name = 'LmmProfileInterval'; Type = 'LmmPS.LmmProfileInterval' }
        @{ Name = 'LmmProfilePoint'; Type = 'LmmPS.LmmProfilePoint' }
        @{ Name = 'LmmObjectivePoint'; Type = 'LmmPS.LmmObjectivePoint' }
        @{ Name = 'LmmGradientRow'; Type = 'LmmPS.LmmGradientRow' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'Examples.ps1')
    # Pipeline input, so no file path (which differs between machines) reaches a view.
    $rows = Import-Csv $SleepCsv
    $reml = $rows | Invoke-LmmFit $SleepFormula
    $ml = $rows | Invoke-LmmFit $SleepFormula -Method ML
    $design = $rows | New-LmmDesign $SleepFormula
    $profile = $ml | Get-LmmProfile
    $objects = @{
        'LmmFit-REML'          = $reml
        'LmmFit-ML'            = $ml
        'LmmDesign'            = $design
        'LmmFixedEffect'       = $reml.FixedEffects
        'LmmVarianceComponent' = $reml.VarianceComponents
        'LmmRandomEffect'      = $reml.RandomEffects | Select-Object -First 6
        'LmmProfile'           = $profile
        'LmmProfileInterval'   = $profile.Intervals
        'LmmProfilePoint'      = $profile.Points | Where-Object Parameter -eq 'sigma' | Select-Object -First 5
        'LmmObjectivePoint'    = Get-LmmProfile -Design $design -Theta 1, 0, 1
        'LmmGradientRow'       = Test-LmmGradient -Design $design -Theta 1, 0, 1
    }
}

Describe 'Default views' {
    It 'renders <Name> (<Type>) as checked in' -ForEach $views {
        $value = $objects[$Name]
        @($value)[0].PSObject.TypeNames[0] | Should -Be $Type
        Assert-Snapshot -Name $Name -Text ($value | Out-String -Width 120)
    }
}
