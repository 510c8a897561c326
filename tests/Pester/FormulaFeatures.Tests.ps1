BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PastesCsv = Find-LmmTestFile -Kind 'data' -Name 'Pastes.csv'
    $OffCsv = Find-LmmTestFile -Kind 'data' -Name 'sleepstudy_w_off.csv'
    function Get-Reference([string] $name) { Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name $name) | ConvertFrom-Json }
    function Get-LmmError([scriptblock] $command) { try { & $command; $null } catch { $_ } }
}

# Issue 19 part A, against lme4's reference files (tests/data/reference/ff_*.json, copied from the shared folder).
Describe 'Formula functions, -Contrasts and offset()' {
    It 'fits poly() and I() with lme4''s column and theta names' {
        $ref = Get-Reference 'ff_sleepstudy_poly_ML.json'
        $fit = Invoke-LmmFit $ref.formula -Path $SleepCsv -Method ML
        $fit.Design.FixedEffects | Should -Be $ref.design.fixef_columns
        [math]::Abs($fit.Objective - $ref.objective) | Should -BeLessThan 1e-6
    }

    It 'codes a factor by -Contrasts as R does' {
        $ref = Get-Reference 'ff_Pastes_contr_sum_REML.json'
        $fit = Invoke-LmmFit $ref.formula -Path $PastesCsv -Contrasts @{ cask = 'Sum' }
        $fit.Design.FixedEffects | Should -Be $ref.design.fixef_columns
        $fit.Design.Contrasts | Should -Be @('cask=Sum')
        [math]::Abs($fit.Objective - $ref.objective) | Should -BeLessThan 1e-6
        $base = Get-Reference 'ff_Pastes_treatment_base2_REML.json'
        (New-LmmDesign $base.formula -Path $PastesCsv -Contrasts @{ cask = 'Treatment:b' }).FixedEffects | Should -Be $base.design.fixef_columns
    }

    It 'refuses a bad -Contrasts with InvalidContrast naming the column' {
        $e = Get-LmmError { New-LmmDesign 'strength ~ cask + (1 | batch)' -Path $PastesCsv -Contrasts @{ cask = 'Deviation' } }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidContrast,*'
        $e.Exception.Column | Should -Be 'cask'
        { New-LmmDesign 'strength ~ cask + (1 | batch)' -Path $PastesCsv -Contrasts @{ batch = 'Sum' } } | Should -Throw -ErrorId 'InvalidContrast,*'
    }

    It 'adds an offset to fitted values and to predictions on new rows' {
        $ref = Get-Reference 'ff_sleepstudy_offset_intercept_ML.json'
        $fit = Invoke-LmmFit $ref.formula -Path $OffCsv -Method ML
        $fit.Design.FixedEffects | Should -Be @('(Intercept)')
        [math]::Abs($fit.Objective - $ref.objective) | Should -BeLessThan 1e-6
        $pred = @(Get-LmmPrediction $fit -Path $OffCsv -RandomEffects None)
        [math]::Abs($pred[1].Prediction - $ref.offset_info.predict_fixed_first[1]) | Should -BeLessThan 0.03
    }

    It 'predicts from a fit read back with Import-Clixml with the training poly() and -Contrasts codings' {
        $ref = Get-Reference 'ff_sleepstudy_poly_ML.json'
        $fit = Invoke-LmmFit $ref.formula -Path $SleepCsv -Method ML
        $xml = Join-Path $TestDrive 'poly.xml'
        $fit | Export-Clixml -LiteralPath $xml
        $back = Import-Clixml -LiteralPath $xml
        $nd = $ref.prediction_check.newdata
        $rows = for ($i = 0; $i -lt $nd.Days.Count; $i++) { [pscustomobject]@{ Days = $nd.Days[$i]; Subject = $nd.Subject[$i] } }
        $pred = @($rows | Get-LmmPrediction $back -RandomEffects None)
        for ($i = 0; $i -lt $pred.Count; $i++) {
            [math]::Abs($pred[$i].Prediction - $ref.prediction_check.predict_fixed[$i]) | Should -BeLessThan 0.03
        }
        $sum = Get-Reference 'ff_Pastes_contr_sum_REML.json'
        $pastes = Invoke-LmmFit $sum.formula -Path $PastesCsv -Contrasts @{ cask = 'Sum' }
        $pastes | Export-Clixml -LiteralPath $xml
        $again = Import-Clixml -LiteralPath $xml
        $again.Design.Contrasts | Should -Be @('cask=Sum')
        $p = @([pscustomobject]@{ cask = 'c'; batch = 'A' } | Get-LmmPrediction $again -RandomEffects None)
        # cask c under sum coding: intercept - cask1 - cask2 (the last row of contr.sum is all -1).
        $expected = $sum.beta.'(Intercept)' - $sum.beta.cask1 - $sum.beta.cask2
        [math]::Abs($p[0].Prediction - $expected) | Should -BeLessThan 1e-3
    }

    It 'names the row of a non-finite transform' {
        { Invoke-LmmFit 'Reaction ~ log(Days) + (1 | Subject)' -Path $SleepCsv } | Should -Throw -ErrorId 'NonFiniteTransform,*'
    }
}
