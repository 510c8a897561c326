# The hardening issue's bad inputs and hard models, as a runbook meets them: every bad input ends the command with
# the engine's ErrorId (FullyQualifiedErrorId '<Id>,LmmPS.Commands.<Cmdlet>Command') and a message that names the
# column / row / position, with no stack trace; hard models give an honest answer instead of an error.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')

    $Design = 'LmmPS.Commands.NewLmmDesignCommand'
    $Fit = 'LmmPS.Commands.InvokeLmmFitCommand'

    # Writes CSV lines (LF ends, UTF-8 without BOM) to a fresh file in TestDrive and returns its path.
    function New-Csv {
        param([AllowEmptyCollection()] [string[]] $Lines)
        $path = Join-Path $TestDrive ("case-" + [guid]::NewGuid().ToString('N') + '.csv')
        $text = if ($Lines.Count -eq 0) { '' } else { ($Lines -join "`n") + "`n" }
        [System.IO.File]::WriteAllText($path, $text)
        return $path
    }

    # Runs a script block that must fail and returns its ErrorRecord.
    function Get-LmmError {
        param([scriptblock] $Command)
        try {
            & $Command
        }
        catch {
            return $_
        }
        throw 'Expected the command to fail, but it succeeded.'
    }

    $Good = @('y,x,g', '1.5,1,a', '2.5,2,a', '2.0,3,a', '3.1,1,b', '2.9,2,b', '3.6,3,b', '0.7,1,c', '1.2,2,c', '0.4,3,c', '2.2,1,d', '2.8,2,d', '2.5,3,d')
}

Describe 'Bad input fails with its ErrorId and location' {
    It 'a missing file' {
        { New-LmmDesign 'y ~ x + (1 | g)' -LiteralPath (Join-Path $TestDrive 'absent.csv') } | Should -Throw -ErrorId "FileNotFound,$Design"
    }

    It 'an empty file and a header-only file' {
        $empty = New-Csv @()
        { New-LmmDesign 'y ~ x + (1 | g)' -Path $empty } | Should -Throw -ErrorId "EmptyFile,$Design"
        { New-LmmDesign 'y ~ x + (1 | g)' -Path (New-Csv @('y,x,g')) } | Should -Throw -ErrorId "NoDataRows,$Design"
    }

    It 'a ragged row, naming the data row' {
        $e = Get-LmmError { New-LmmDesign 'y ~ x + (1 | g)' -Path (New-Csv @('y,x,g', '1,1,a', '2,2,b', '3,3')) }
        $e.FullyQualifiedErrorId | Should -Be "RaggedRow,$Design"
        $e.Exception.Message | Should -Match 'Data row 3 \(line 4\)'
        $e.Exception.Row | Should -Be 3
    }

    It 'an unbalanced quote, naming the data row' {
        $e = Get-LmmError { New-LmmDesign 'y ~ x + (1 | g)' -Path (New-Csv @('y,x,g', '1,1,a', '2,2,"b', '3,3,c')) }
        $e.FullyQualifiedErrorId | Should -Be "UnbalancedQuote,$Design"
        $e.Exception.Row | Should -Be 2
    }

    It 'duplicate column names' {
        { New-LmmDesign 'y ~ 1 + (1 | g)' -Path (New-Csv @('y,g,y', '1,a,2')) } | Should -Throw -ErrorId "DuplicateColumnName,$Design"
    }

    It 'a formula column that does not exist, suggesting the nearest name' {
        $e = Get-LmmError { Invoke-LmmFit 'y ~ xx + (1 | g)' -Path (New-Csv $Good) }
        $e.FullyQualifiedErrorId | Should -Be "ColumnNotFound,$Fit"
        $e.Exception.Message | Should -Match "Did you mean 'x'\?"
        $e.Exception.Position | Should -Be 4
    }

    It 'a non-numeric response' {
        { Invoke-LmmFit 'g ~ x + (1 | g)' -Path (New-Csv $Good) } | Should -Throw -ErrorId "NonNumericResponse,$Fit"
    }

    It 'a numeric column forced categorical with one level' {
        $csv = New-Csv @('y,k,g', '1,7,a', '2,7,a', '3,7,b', '4,7,b', '5,7,c', '6,7,c')
        $e = Get-LmmError { New-LmmDesign 'y ~ k + (1 | g)' -Path $csv -Categorical k }
        $e.FullyQualifiedErrorId | Should -Be "FactorWithOneLevel,$Design"
        $e.Exception.Column | Should -Be 'k'
    }

    It 'a grouping factor with one level or with a level per row' {
        { New-LmmDesign 'y ~ 1 + (1 | g)' -Path (New-Csv @('y,g', '1,a', '2,a', '3,a')) } | Should -Throw -ErrorId "GroupingFactorTooFewLevels,$Design"
        { New-LmmDesign 'y ~ 1 + (1 | id)' -Path (New-Csv @('y,id', '1,a', '2,b', '3,c', '4,d')) } | Should -Throw -ErrorId "GroupingFactorTooManyLevels,$Design"
    }

    It 'all rows dropped for missing values' {
        { New-LmmDesign 'y ~ x + (1 | g)' -Path (New-Csv @('y,x,g', '1,NA,a', 'NA,2,b', '3,,a')) } | Should -Throw -ErrorId "NoCompleteRows,$Design"
    }

    It 'NaN or infinity in a file or in pipeline numbers, naming column and row' {
        $e = Get-LmmError { New-LmmDesign 'y ~ x + (1 | g)' -Path (New-Csv @('y,x,g', '1,1,a', '2,2,a', '3,Inf,b', '4,4,b')) }
        $e.FullyQualifiedErrorId | Should -Be "NonFiniteValue,$Design"
        $e.Exception.Column | Should -Be 'x'
        $e.Exception.Row | Should -Be 3
        $rows = @([pscustomobject]@{ y = 1.0; g = 'a' }, [pscustomobject]@{ y = [double]::NaN; g = 'b' })
        { $rows | New-LmmDesign 'y ~ 1 + (1 | g)' } | Should -Throw -ErrorId "NonFiniteValue,$Design"
    }

    It 'a formula syntax error, with a caret at the position' {
        $e = Get-LmmError { New-LmmDesign 'y ~ x + (1 | g' -Path (New-Csv $Good) }
        $e.FullyQualifiedErrorId | Should -Be "FormulaSyntaxError,$Design"
        $e.Exception.Position | Should -Be 8
        ($e.Exception.Message -split "`n")[-1] | Should -Be ('  ' + (' ' * 8) + '^')
    }

    It 'an unsupported construct, named as such' {
        $e = Get-LmmError { New-LmmDesign 'y ~ x + sin(x) + (1 | g)' -Path (New-Csv $Good) }
        $e.FullyQualifiedErrorId | Should -Be "UnsupportedFormulaConstruct,$Design"
        $e.Exception.Message | Should -Match 'sin'
        { New-LmmDesign 'y ~ sin(x) + (1 | g)' -Path (New-Csv $Good) } | Should -Throw -ErrorId "UnsupportedFormulaConstruct,$Design"
    }

    It 'a theta of the wrong length or not finite' {
        $csv = New-Csv $Good
        { Invoke-LmmFit 'y ~ x + (1 | g)' -Path $csv -StartTheta 1, 1 } | Should -Throw -ErrorId "ThetaLengthMismatch,$Fit"
        { Invoke-LmmFit 'y ~ x + (1 | g)' -Path $csv -StartTheta ([double]::NaN) } | Should -Throw -ErrorId "InvalidThetaValue,$Fit"
        { Invoke-LmmFit 'y ~ x + (1 | g)' -Path $csv -StartTheta (-1) } | Should -Throw -ErrorId "ThetaOutOfBounds,$Fit"
    }

    It 'a start value that overflows, named as overflow rather than collinearity (issue 17 item 10)' {
        $csv = New-Csv $Good
        { Invoke-LmmFit 'y ~ x + (1 | g)' -Path $csv -StartTheta 1e300 -ErrorAction Stop } | Should -Throw -ErrorId "FitOverflow,$Fit" -ExpectedMessage '*start value 1E+300 of theta element 1*near 1*'
    }

    It 'a constant response or one the fixed effects reproduce' {
        { Invoke-LmmFit 'y ~ x + (1 | g)' -Path (New-Csv @('y,x,g', '4,1,a', '4,2,a', '4,3,b', '4,1,b', '4,2,c', '4,3,c')) } | Should -Throw -ErrorId "ConstantResponse,$Fit"
        { Invoke-LmmFit 'y ~ x + (1 | g)' -Path (New-Csv @('y,x,g', '3,1,a', '5,2,a', '7,3,b', '3,1,b', '5,2,c', '7,3,c')) } | Should -Throw -ErrorId "ResponseFitExactly,$Fit"
    }

    It 'gives each error the category and target PowerShell users filter on' {
        # ErrorCategory as PowerShell documents it: a missing file or column is ObjectNotFound (target: the full path,
        # the column name), a malformed formula a SyntaxError, a construct not built NotImplemented, a bad argument
        # InvalidArgument (target: what the command was working on).
        $missing = Join-Path $TestDrive 'absent.csv'
        $cases = @(
            @{ Command = { New-LmmDesign 'y ~ x + (1 | g)' -LiteralPath $missing }; Id = "FileNotFound,$Design"; Category = 'ObjectNotFound'; Target = $missing }
            @{ Command = { New-LmmDesign 'y ~ x + (1 | g' -Path (New-Csv $Good) }; Id = "FormulaSyntaxError,$Design"; Category = 'SyntaxError'; Target = 'y ~ x + (1 | g' }
            @{ Command = { Invoke-LmmFit 'y ~ xx + (1 | g)' -Path (New-Csv $Good) }; Id = "ColumnNotFound,$Fit"; Category = 'ObjectNotFound'; Target = 'xx' }
            @{ Command = { Invoke-LmmFit 'y ~ sin(x) + (1 | g)' -Path (New-Csv $Good) }; Id = "UnsupportedFormulaConstruct,$Fit"; Category = 'NotImplemented'; Target = 'y ~ sin(x) + (1 | g)' }
            @{ Command = { Invoke-LmmFit 'y ~ x + (1 | g)' -Path (New-Csv $Good) -StartTheta 1, 1 }; Id = "ThetaLengthMismatch,$Fit"; Category = 'InvalidArgument'; Target = $null }
        )
        foreach ($case in $cases) {
            $e = Get-LmmError $case.Command
            $e.FullyQualifiedErrorId | Should -Be $case.Id
            $e.CategoryInfo.Category | Should -Be $case.Category -Because $case.Id
            if ($null -ne $case.Target) {
                "$($e.TargetObject)" | Should -Be $case.Target -Because $case.Id
            }
        }
    }

    It 'shows the message alone, without a stack trace' {
        $e = Get-LmmError { New-LmmDesign 'y ~ x + (1 | g)' -Path (New-Csv @('y,x,g', '1,1,a', '2,2,b', '3,3')) }
        # By name: the engine lives in its own load context on PowerShell 7, so the type is not resolvable here.
        $e.Exception.GetType().FullName | Should -Be 'LmmPS.Core.Common.LmmException'
        $e.Exception.Message | Should -Not -Match '\bat [\w.]+\('
        ($e | Out-String) | Should -Not -Match '\bat LmmPS\.'
    }
}

Describe 'Hard models give honest answers' {
    It 'flags a singular fit with its term (Dyestuff2)' {
        $dyestuff2 = Find-LmmTestFile -Kind 'data' -Name 'Dyestuff2.csv'
        $fit = Invoke-LmmFit 'Yield ~ 1 + (1 | Batch)' -Path $dyestuff2 -WarningVariable warned -WarningAction SilentlyContinue
        $fit.Singular | Should -BeTrue
        $fit.SingularTerms | Should -Be @('Batch')
        ($warned -join "`n") | Should -Match 'singular'
    }

    It 'drops an aliased fixed-effect column by name' {
        $invariant = [System.Globalization.CultureInfo]::InvariantCulture
        $rows = 0..15 | ForEach-Object {
            $x1 = $_ % 5 + 0.5 * [math]::Floor($_ / 4)
            [string]::Format($invariant, '{0},{1},{2},g{3}', (3 + 0.7 * $x1 + ($_ * 3 % 7 - 3) * 0.4 + $_ % 4), $x1, (2 * $x1), ($_ % 4))
        }
        $design = New-LmmDesign 'y ~ x1 + x2 + (1 | g)' -Path (New-Csv (@('y,x1,x2,g') + $rows))
        $design.DroppedFixedEffects | Should -Be @('x2')
        $design.FixedEffects | Should -Be @('(Intercept)', 'x1')
    }

    It 'reports non-convergence with the reason and the best point found' {
        $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv -MaxEvaluations 6 -WarningVariable warned -WarningAction SilentlyContinue
        $fit.Converged | Should -BeFalse
        $fit.ConvergenceMessage | Should -Match 'MaxEvaluations = 6'
        ($warned -join "`n") | Should -Match 'did not converge'
        $fit.Theta.Count | Should -Be 3
    }
}
