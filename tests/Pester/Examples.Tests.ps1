# What users read runs: every powershell block of README.md and every example of the cmdlet help, read from those
# files at test time, run in a folder holding the files they name. A README block followed by a plain block must
# print that block (elapsed times masked); -UpdateSnapshots rewrites it.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Examples.ps1')
    # Hashtables: -ForEach makes each key a variable of the test (and a <Name> in its title).
    $readmeExamples = @(Get-ReadmeExample | ConvertTo-Hashtable)
    $helpExamples = @(Get-HelpExample | ConvertTo-Hashtable)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'Examples.ps1')
    $folder = New-ExampleFolder (Join-Path $TestDrive 'examples')
    # The help's later examples use the $fit and $design of its earlier ones: sleepstudy by ML (as Invoke-LmmFit's
    # example 2 and Get-LmmProfile's example 1 make them); Test-LmmFixedEffect's, the REML fit of sleepstudy its examples use.
    $contexts = @{
        Default               = @{
            fit    = Invoke-LmmFit $SleepFormula -Path (Join-Path $folder 'sleepstudy.csv') -Method ML
            design = New-LmmDesign $SleepFormula -Path (Join-Path $folder 'sleepstudy.csv')
        }
        'Test-LmmFixedEffect' = @{
            fit = Invoke-LmmFit $SleepFormula -Path (Join-Path $folder 'sleepstudy.csv')
        }
    }
}

Describe 'README examples' {
    It 'finds the README examples' {
        @(Get-ReadmeExample).Count | Should -BeGreaterOrEqual 2
    }

    It 'runs the block at README line <Line>' -ForEach $readmeExamples {
        $text = Invoke-Example -Code $Code -Folder $folder
        $text.Trim() | Should -Not -BeNullOrEmpty
        if ($null -ne $Output) {
            $actual = ConvertTo-ComparableText $text
            if ($UpdateSnapshots) {
                Update-ReadmeOutput -Index $Index -Text (ConvertTo-StoredText $text)
            }
            else {
                $actual | Should -BeExactly (ConvertTo-ComparableText $Output) -Because "README.md line $Line shows what the block prints (if the change is intended: ./build.ps1 -Test -Suite Pester -UpdateSnapshots, then review the diff)"
            }
        }
    }
}

Describe 'Help examples' {
    It 'finds at least two examples for each exported cmdlet' {
        $groups = @(Get-HelpExample | Group-Object Command)
        $groups.Name | Sort-Object | Should -Be @((Get-Command -Module LmmPS).Name | Sort-Object)
        $groups | ForEach-Object { $_.Count | Should -BeGreaterOrEqual 2 }
    }

    It 'runs <Command> example <Number>' -ForEach $helpExamples {
        $context = if ($contexts.ContainsKey($Command)) { $contexts[$Command] } else { $contexts['Default'] }
        { Invoke-Example -Code $Code -Folder $folder -Variables $context } | Should -Not -Throw
    }
}
