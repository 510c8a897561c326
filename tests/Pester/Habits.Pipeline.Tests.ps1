# Issue 16 item 5 and the prior-covariance habit of item 11: files arrive from Get-ChildItem, a matrix is written
# as PowerShell users write one.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $PSDefaultParameterValues = @{}
    $folder = Join-Path $TestDrive 'csv'
    $null = New-Item -ItemType Directory -Path $folder
    Copy-Item -LiteralPath $SleepCsv -Destination (Join-Path $folder 'a.csv')
    Copy-Item -LiteralPath $SleepCsv -Destination (Join-Path $folder 'b.csv')
    $BlmeMl = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'blme_sleepstudy_ML.json') | ConvertFrom-Json
}

Describe 'Get-ChildItem *.csv | Invoke-LmmFit' {
    It 'fits each file, as -LiteralPath would' {
        $fits = Get-ChildItem -Path (Join-Path $folder '*.csv') | Invoke-LmmFit $SleepFormula
        $fits.Count | Should -Be 2
        ($fits.Source | ForEach-Object { Split-Path $_ -Leaf }) | Should -Be @('a.csv', 'b.csv')
        foreach ($fit in $fits) { Assert-Close $fit.Objective $SleepReml.objective 1e-6 }
    }

    It 'New-LmmDesign takes files from the pipeline too' {
        $designs = Get-ChildItem -Path $folder -Filter '*.csv' | New-LmmDesign $SleepFormula
        $designs.Count | Should -Be 2
        $designs[0].Observations | Should -Be $SleepReml.n
    }

    It 'a folder in the pipeline is an error for that item only' {
        $items = @(Get-Item -LiteralPath $folder) + @(Get-ChildItem -Path $folder -Filter 'a.csv')
        $fits = $items | Invoke-LmmFit $SleepFormula -ErrorAction SilentlyContinue -ErrorVariable failed
        @($fits).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*'
    }

    It 'Import-Csv rows still bind as rows' {
        $fit = Import-Csv -LiteralPath $SleepCsv | Invoke-LmmFit $SleepFormula
        $fit.Source | Should -Be 'pipeline'
        Assert-Close $fit.Objective $SleepReml.objective 1e-6
    }
}

Describe '-FixedEffectPriorCovariance' {
    It 'accepts a jagged array: blme normal(sd = c(10, 2.5)) is normal(cov = diag(100, 6.25))' {
        $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv -Method ML -FixedEffectPriorCovariance @(@(100, 0), @(0, 6.25))
        Assert-Close $fit.Objective $BlmeMl.objective 1e-5
        Assert-Close ($fit.FixedEffects | Where-Object Name -eq 'Days').Estimate $BlmeMl.beta.Days 1e-3
    }

    It 'rows of unequal length fail to bind with a message naming the row' {
        { Invoke-LmmFit $SleepFormula -Path $SleepCsv -FixedEffectPriorCovariance @(@(100, 0), @(6.25)) } |
            Should -Throw -ExpectedMessage '*Row 2*'
    }
}
