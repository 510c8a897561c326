BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

Describe 'Test-LmmGradient' {
    BeforeAll {
        $design = New-LmmDesign $SleepFormula -Path $SleepCsv
    }

    It 'checks its arguments before anything else' {
        { Test-LmmGradient -Design $design -Theta 1, 0 } | Should -Throw -ErrorId 'ThetaLengthMismatch'
        { Test-LmmGradient -Design $design -Theta 1, 0, 1 -Step 0 } | Should -Throw -ErrorId 'InvalidArgumentValue'
    }

    It 'says the analytic gradient is not implemented yet (issue #4)' {
        { Test-LmmGradient -Design $design -Theta 1, 0, 1 } | Should -Throw -ErrorId 'NotImplemented'
        { $design | Invoke-LmmFit | Test-LmmGradient -Quiet } | Should -Throw -ErrorId 'NotImplemented'
    }

    It 'has the parameter sets of the issue' {
        $command = Get-Command Test-LmmGradient
        $command.ParameterSets.Name | Sort-Object | Should -Be @('Fit', 'Point')
        $command.OutputType.Name | Should -Contain 'LmmPS.LmmGradientRow'
    }
}
