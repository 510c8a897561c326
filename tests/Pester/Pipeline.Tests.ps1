# The pipeline habits of PowerShell users, on the sleepstudy ML fit, each result checked against lme4's numbers
# (tests/data/reference, lme4 1.1-31): filtering, sorting, grouping, CSV / JSON / CLIXML round trips, and fits run in
# other runspaces (ForEach-Object -Parallel, Start-ThreadJob).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $fit = Import-Csv $SleepCsv | Invoke-LmmFit $SleepFormula -Method ML
    $ranef = $SleepMl.ranef[0]
    $invariant = [System.Globalization.CultureInfo]::InvariantCulture

    # lme4's conditional mode of one level and column.
    function Get-ReferenceMode {
        param([string] $Level, [string] $Name)
        $position = [array]::IndexOf([string[]]$ranef.levels, $Level)
        return $ranef.mode.$Name[$position]
    }
}

Describe 'Pipeline habits' {
    It 'Where-Object picks the fixed effects by t value' {
        $significant = @($fit.FixedEffects | Where-Object { [math]::Abs($_.TValue) -gt 2 })
        $significant.Name | Should -Be @('(Intercept)', 'Days')
        foreach ($row in $significant) {
            Assert-Close $row.Estimate $SleepMl.beta.($row.Name) 1e-4
            Assert-Close $row.TValue ($SleepMl.beta.($row.Name) / $SleepMl.beta_se.($row.Name)) 1e-3
        }
    }

    It 'Sort-Object orders the conditional modes as lme4''s do' {
        $sorted = @($fit.RandomEffects | Where-Object Name -eq 'Days' | Sort-Object Mode)
        $expected = @($ranef.levels | Sort-Object { Get-ReferenceMode $_ 'Days' })
        $sorted.Level | Should -Be $expected
    }

    It 'Group-Object groups the random effects by column, one row per level' {
        $groups = @($fit.RandomEffects | Group-Object Name | Sort-Object Name)
        $groups.Name | Should -Be @('(Intercept)', 'Days')
        foreach ($group in $groups) {
            $group.Count | Should -Be 18
            foreach ($row in $group.Group) {
                Assert-Close $row.Mode (Get-ReferenceMode $row.Level $group.Name) 1e-3
            }
        }
    }

    It 'Export-Csv and Import-Csv round-trip every number' {
        $csv = Join-Path $TestDrive 'ranef.csv'
        $fit.RandomEffects | Export-Csv -LiteralPath $csv -NoTypeInformation
        $back = @(Import-Csv -LiteralPath $csv)
        $back.Count | Should -Be 36
        for ($i = 0; $i -lt $back.Count; $i++) {
            $back[$i].Level | Should -Be $fit.RandomEffects[$i].Level
            [double]::Parse($back[$i].Mode, $invariant) | Should -Be $fit.RandomEffects[$i].Mode
            [double]::Parse($back[$i].CondSD, $invariant) | Should -Be $fit.RandomEffects[$i].CondSD
        }
    }

    It 'ConvertTo-Json and ConvertFrom-Json keep the variance components' {
        $json = $fit.VarianceComponents | ConvertTo-Json
        $back = @($json | ConvertFrom-Json)
        $back.Group | Should -Be @('Subject', 'Subject', 'Residual')
        Assert-Close $back[0].StdDev $SleepMl.varcomp[0].stddev[0] 1e-3
        Assert-Close $back[1].StdDev $SleepMl.varcomp[0].stddev[1] 1e-4
        Assert-Close $back[2].StdDev $SleepMl.varcomp[1].stddev[0] 1e-4
    }

    It 'Export-Clixml and Import-Clixml keep the fit''s numbers' {
        $xml = Join-Path $TestDrive 'fit.xml'
        $fit | Export-Clixml -LiteralPath $xml
        $back = Import-Clixml -LiteralPath $xml
        $back.PSObject.TypeNames | Should -Contain 'Deserialized.LmmPS.LmmFit'
        Assert-Close $back.Objective $SleepMl.objective 1e-6
        Assert-Close $back.Sigma $SleepMl.sigma 1e-4
        @($back.Theta).Count | Should -Be 3
        Assert-Close (@($back.FixedEffects) | Where-Object Name -eq 'Days').Estimate $SleepMl.beta.Days 1e-4
    }

    It 'ForEach-Object -Parallel fits in other runspaces' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $dyestuffReml = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'Dyestuff_REML.json') | ConvertFrom-Json
        $dyestuffMl = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'Dyestuff_ML.json') | ConvertFrom-Json
        $cases = @(
            [pscustomobject]@{ Path = $SleepCsv; Formula = $SleepFormula; Method = 'REML'; Expected = $SleepReml.objective }
            [pscustomobject]@{ Path = $SleepCsv; Formula = $SleepFormula; Method = 'ML'; Expected = $SleepMl.objective }
            [pscustomobject]@{ Path = $DyestuffCsv; Formula = $dyestuffReml.formula; Method = 'REML'; Expected = $dyestuffReml.objective }
            [pscustomobject]@{ Path = $DyestuffCsv; Formula = $dyestuffMl.formula; Method = 'ML'; Expected = $dyestuffMl.objective }
        )
        $results = $cases | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:manifestPath
            $f = Invoke-LmmFit $_.Formula -Path $_.Path -Method $_.Method
            [pscustomobject]@{ Case = $_; Objective = $f.Objective }
        }
        @($results).Count | Should -Be 4
        foreach ($result in $results) {
            Assert-Close $result.Objective $result.Case.Expected (1e-6 * $result.Case.Expected)
        }
    }

    It 'Start-ThreadJob fits in the background' -Skip:($null -eq (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
        $job = Start-ThreadJob -ArgumentList $manifestPath, $SleepCsv, $SleepFormula -ScriptBlock {
            param($Manifest, $Csv, $Formula)
            Import-Module $Manifest
            Invoke-LmmFit $Formula -Path $Csv -Method ML
        }
        $background = $job | Receive-Job -Wait -AutoRemoveJob
        $background | Should -BeOfType 'LmmPS.LmmFit'
        Assert-Close $background.Objective $SleepMl.objective 1e-6
        Assert-Close ($background.FixedEffects | Where-Object Name -eq 'Days').StdError $SleepMl.beta_se.Days 1e-3
    }
}
