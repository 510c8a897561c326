BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'New-LmmDesign' {
    It 'builds the sleepstudy design from a file' {
        $design = New-LmmDesign $SleepFormula -Path $SleepCsv
        $design | Should -BeOfType 'LmmPS.LmmDesign'
        $design.Observations | Should -Be 180
        $design.FixedEffects | Should -Be @('(Intercept)', 'Days')
        $design.ThetaNames | Should -Be @('Subject.(Intercept)', 'Subject.Days.(Intercept)', 'Subject.Days')
        $design.Source | Should -Be $SleepCsv
    }

    It 'builds the same design from Import-Csv rows' {
        $design = Import-Csv $SleepCsv | New-LmmDesign $SleepFormula
        $design.Observations | Should -Be 180
        $design.Source | Should -Be 'pipeline'
        $design.RandomTerms | Should -Be @('Subject: (Intercept), Days (18 levels)')
    }

    It 'takes objects with numeric properties and hashtables' {
        $rows = Import-Csv $SleepCsv | ForEach-Object { [pscustomobject]@{ Reaction = [double]$_.Reaction; Days = [int]$_.Days; Subject = [int]$_.Subject } }
        $design = $rows | New-LmmDesign $SleepFormula -Categorical Subject
        $design.RandomTerms | Should -Be @('Subject: (Intercept), Days (18 levels)')
        $tables = Import-Csv $SleepCsv | ForEach-Object { @{ Reaction = $_.Reaction; Days = $_.Days; Subject = $_.Subject } }
        ($tables | New-LmmDesign $SleepFormula).Observations | Should -Be 180
    }

    It 'resolves a relative path against the PowerShell location, not the process directory' {
        $processDirectory = [System.Environment]::CurrentDirectory
        Push-Location (Split-Path $SleepCsv)
        try {
            [System.Environment]::CurrentDirectory = [System.IO.Path]::GetTempPath()
            (New-LmmDesign $SleepFormula -Path ./sleepstudy.csv).Observations | Should -Be 180
            (New-LmmDesign $SleepFormula -LiteralPath sleepstudy.csv).Observations | Should -Be 180
        }
        finally {
            Pop-Location
            [System.Environment]::CurrentDirectory = $processDirectory
        }
    }

    It 'gives one design per file matched by a wildcard' {
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ("lmmps-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path $folder | Out-Null
        try {
            Copy-Item $SleepCsv (Join-Path $folder 'a.csv')
            Copy-Item $SleepCsv (Join-Path $folder 'b.csv')
            $designs = New-LmmDesign $SleepFormula -Path (Join-Path $folder '*.csv')
            @($designs).Count | Should -Be 2
        }
        finally {
            Remove-Item -Recurse -Force $folder
        }
    }

    It 'reports a formula syntax error with its ErrorId' {
        { New-LmmDesign 'Reaction ~ Days + (Days | ' -Path $SleepCsv } | Should -Throw -ErrorId 'FormulaSyntaxError,*'
    }

    It 'reports a formula variable missing from the data' {
        { New-LmmDesign 'Reaction ~ Dayz + (1 | Subject)' -Path $SleepCsv } | Should -Throw -ErrorId 'ColumnNotFound,*'
    }

    It 'reports a -Categorical column missing from the data' {
        { Import-Csv $SleepCsv | New-LmmDesign $SleepFormula -Categorical Subjekt } | Should -Throw -ErrorId 'ColumnNotFound,*'
    }

    It 'refuses a column that is both categorical and ordered' {
        { New-LmmDesign $SleepFormula -Path $SleepCsv -Categorical Days -Ordered Days } | Should -Throw -ErrorId 'ConflictingColumnKind,*'
    }

    It 'reports a missing file' {
        { New-LmmDesign $SleepFormula -LiteralPath (Join-Path $TestDrive 'nope.csv') } | Should -Throw -ErrorId 'FileNotFound,*'
        { New-LmmDesign $SleepFormula -Path (Join-Path $TestDrive 'nope*.csv') } | Should -Throw -ErrorId 'FileNotFound,*'
    }

    It 'refuses plain strings on the pipeline' {
        { Get-Content $SleepCsv | New-LmmDesign $SleepFormula } | Should -Throw -ErrorId 'InvalidPipelineInput,*'
    }

    It 'refuses a collection-valued property naming its column and row' {
        $rows = @([pscustomobject]@{ Reaction = 1.0; Days = @(1, 2); Subject = 'a' })
        { $rows | New-LmmDesign 'Reaction ~ Days + (1 | Subject)' } | Should -Throw -ErrorId 'UnsupportedValueType,*'
    }
}
