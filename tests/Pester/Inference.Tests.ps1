BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PeriodCsv = Find-LmmTestFile -Kind 'data' -Name 'sleepstudy_period.csv'
    $PeriodRef = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'inf_sleepstudy_period_REML.json') | ConvertFrom-Json
    $SleepInf = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'inf_sleepstudy_REML.json') | ConvertFrom-Json
}

# Numbers from lmerTest 3.1-3 / pbkrtest 0.5.2 (tests/data/reference/inf_*.json, at_tight_optimum). A fit stops where
# its optimizer stops, so the df are compared to 1e-4 relative (the files' max_rel_change between optima is ~1e-5).
Describe 'Invoke-LmmFit -DegreesOfFreedom' {
    It 'gives every fixed effect Satterthwaite df and p-values by default' {
        $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv
        $fit.DegreesOfFreedomMethod | Should -Be 'Satterthwaite'
        $expected = $SleepInf.at_tight_optimum.satterthwaite.coefficients
        for ($j = 0; $j -lt 2; $j++) {
            Assert-Close $fit.FixedEffects[$j].DF $expected[$j].df (1e-4 * $expected[$j].df)
            Assert-Close ([math]::Log($fit.FixedEffects[$j].PValue)) ([math]::Log($expected[$j].p)) 1e-3
        }
        $fit.Summary() | Should -Match 'Estimate Std\. Error\s+df t value Pr\(>\|t\|\)'
    }

    It 'gives lmerTest''s df to all-scalar terms read from the fit''s own factor, through the pipeline' {
        # Penicillin's two crossed scalar terms take the factor route, which reads the model the fit was found on.
        $ref = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'inf_Penicillin_REML.json') | ConvertFrom-Json
        $fit = Import-Csv (Find-LmmTestFile -Kind 'data' -Name 'Penicillin.csv') | Invoke-LmmFit 'diameter ~ 1 + (1 | plate) + (1 | sample)'
        $expected = $ref.at_tight_optimum.satterthwaite.coefficients[0]
        Assert-Close $fit.FixedEffects[0].DF $expected.df (1e-4 * $expected.df)
        Assert-Close $fit.FixedEffects[0].StdError $expected.se (1e-5 * $expected.se)
        Assert-Close ([math]::Log($fit.FixedEffects[0].PValue)) ([math]::Log($expected.p)) 1e-3
    }

    It 'uses the Kenward-Roger standard errors and df on request' {
        $fit = Invoke-LmmFit 'Reaction ~ period + (Days | Subject)' -Path $PeriodCsv -DegreesOfFreedom KenwardRoger
        $fit.DegreesOfFreedomMethod | Should -Be 'KenwardRoger'
        $intercept = $PeriodRef.at_tight_optimum.kenward_roger.coefficients[0]
        Assert-Close $fit.FixedEffects[0].StdError $intercept.se (1e-5 * $intercept.se)
        Assert-Close $fit.FixedEffects[0].DF $intercept.df (1e-4 * $intercept.df)
    }

    It 'gives D = Days + 1e6 the df of Days (issue 20: 47.61 before, the tests now run on the fit''s reparametrisation)' {
        # An exact reparametrisation of Reaction ~ Days + (Days | Subject): lmerTest's df for Days is the answer
        # (lmerTest itself gives 22.59 on the shifted data: its cross-products lose the digits too).
        $rows = Import-Csv -LiteralPath $SleepCsv | ForEach-Object {
            [pscustomobject]@{ Reaction = [double]$_.Reaction; D = [double]$_.Days + 1e6; Subject = $_.Subject }
        }
        $fit = $rows | Invoke-LmmFit 'Reaction ~ D + (D | Subject)' -WarningAction SilentlyContinue
        $expected = $SleepInf.at_tight_optimum.satterthwaite.coefficients[1]
        Assert-Close $fit.FixedEffects[1].DF $expected.df (1e-4 * $expected.df)
        Assert-Close ([math]::Log($fit.FixedEffects[1].PValue)) ([math]::Log($expected.p)) 1e-3
        $kr = $rows | Invoke-LmmFit 'Reaction ~ D + (D | Subject)' -DegreesOfFreedom KenwardRoger -WarningAction SilentlyContinue
        Assert-Close $kr.FixedEffects[1].DF $SleepInf.at_tight_optimum.kenward_roger.coefficients[1].df 1e-3
    }

    It 'refuses Kenward-Roger for an ML fit before reading any data' {
        { Invoke-LmmFit $SleepFormula -Path 'no such file.csv' -Method ML -DegreesOfFreedom KenwardRoger } |
            Should -Throw -ErrorId 'KenwardRogerNeedsREML,*'
    }

    It 'prints lme4''s table without df when asked for None' {
        $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv -DegreesOfFreedom None
        $fit.FixedEffects[0].DF | Should -BeNullOrEmpty
        $fit.FixedEffects[0].PValue | Should -BeNullOrEmpty
        $fit.Summary() | Should -Not -Match 'Pr\(>\|t\|\)'
    }
}

Describe 'Test-LmmFixedEffect' {
    BeforeAll {
        # The CSV is read without its columns.json, so period's levels sort alphabetically (early, late, mid):
        # the coefficients are (Intercept), periodlate, periodmid. F and single-contrast df do not depend on that.
        $fit = Invoke-LmmFit 'Reaction ~ period + (Days | Subject)' -Path $PeriodCsv
    }

    It 'gives lmerTest''s Type III F for a 3-level factor' {
        $row = $fit | Test-LmmFixedEffect
        $row.Term | Should -Be 'period'
        $row.NumDF | Should -Be 2
        $expected = $PeriodRef.at_tight_optimum.anova_type3.rows[0]
        Assert-Close $row.F $expected.F (1e-4 * $expected.F)
        Assert-Close $row.SumSq $expected.sumsq (1e-4 * $expected.sumsq)
    }

    It 'gives lmerTest''s Type III table for a model with an interaction' {
        # lmerTest 3.1-3, anova(fit, type = 3) at a tight optimum (tests/data/inference/type3_interactions.R). The CSV
        # is read without its schema (period's levels sort alphabetically): F does not depend on the baseline, nor
        # does the df of the one-row Days hypothesis (the slope averaged over the periods).
        $reference = (Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'inference' -Name 'type3_interactions.json') | ConvertFrom-Json).cases[0]
        $rows = @(Invoke-LmmFit $reference.formula -Path (Find-LmmTestFile -Kind 'inference' -Name 'sleepstudy_parity.csv') | Test-LmmFixedEffect)
        $rows.Term | Should -Be @('Days', 'period', 'Days:period')
        $rows.NumDF | Should -Be @(1, 2, 2)
        for ($i = 0; $i -lt 3; $i++) {
            Assert-Close $rows[$i].F $reference.anova_type3[$i].F (1e-4 * $reference.anova_type3[$i].F)
        }
        Assert-Close $rows[0].DenDF $reference.anova_type3[0].dendf (1e-4 * $reference.anova_type3[0].dendf)
    }

    It 'tests each row of -Contrast with its interval, or all rows with -Joint' {
        # late minus mid, and the mean of mid and late minus early, in this coding.
        $rows = Test-LmmFixedEffect $fit -Contrast @(@(0, 1, -1), @(0, 0.5, 0.5))
        $rows.Count | Should -Be 2
        $expected = $PeriodRef.at_tight_optimum.contrast_tests.individual
        for ($j = 0; $j -lt 2; $j++) {
            Assert-Close $rows[$j].Estimate $expected[$j].estimate (1e-5 * [math]::Abs($expected[$j].estimate))
            Assert-Close $rows[$j].DF $expected[$j].df (1e-4 * $expected[$j].df)
            Assert-Close $rows[$j].Lower95 $expected[$j].ci95_lower (1e-4 * [math]::Abs($expected[$j].ci95_lower))
        }
        $joint = Test-LmmFixedEffect $fit -Contrast @(@(0, 1, -1), @(0, 0.5, 0.5)) -Joint -Method KenwardRoger
        $joint.NumDF | Should -Be 2
        $krJoint = $PeriodRef.at_tight_optimum.contrast_tests_kr.joint
        Assert-Close $joint.F $krJoint.F (1e-4 * $krJoint.F)
        Assert-Close $joint.DenDF $krJoint.dendf (1e-4 * $krJoint.dendf)
    }

    It 'names the fixed effects when a contrast has the wrong length' {
        { Test-LmmFixedEffect $fit -Contrast @(1, 0) -ErrorAction Stop } | Should -Throw -ErrorId 'ContrastWrongLength,*'
        { Test-LmmFixedEffect $fit -Joint } | Should -Throw -ErrorId 'JointWithoutContrast,*'
    }

    It 'writes rows that Export-Csv takes as they are' {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) ("lmmps-ftest-{0}.csv" -f [guid]::NewGuid())
        try {
            $fit | Test-LmmFixedEffect | Export-Csv -LiteralPath $path -NoTypeInformation
            $back = Import-Csv -LiteralPath $path
            $back.Term | Should -Be 'period'
            [double]::Parse($back.DenDF, [cultureinfo]::InvariantCulture) | Should -BeGreaterThan 2
        }
        finally {
            Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue
        }
    }
}
