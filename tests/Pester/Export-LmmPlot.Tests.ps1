BeforeDiscovery {
    # Root writes into a chmod 555 folder, so that refusal can only be seen by another user.
    $isRoot = (-not $IsWindows) -and ((id -u) -eq '0')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    . (Join-Path $PSScriptRoot 'SvgPlotReader.ps1')

    $PenicillinCsv = Find-LmmTestFile -Kind 'data' -Name 'Penicillin.csv'
    $PenicillinReml = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'Penicillin_REML.json') | ConvertFrom-Json
    $Z975 = 1.959963984540054

    # The value span an axis shows across the panel: the yardstick for "within 1e-3 of the axis range".
    function Get-AxisRange {
        param($Axis, [double] $From, [double] $To)
        [math]::Abs((Convert-SvgPixel $Axis $To) - (Convert-SvgPixel $Axis $From))
    }
}

Describe 'Export-LmmPlot -Kind Caterpillar' {
    It 'draws <Name>: one marker per level at lme4''s conditional mode, 95% bars, levels ordered by mode' -ForEach @(
        @{ Name = 'sleepstudy'; Csv = 'sleepstudy.csv'; Reference = 'sleepstudy_REML.json' }
        @{ Name = 'Penicillin'; Csv = 'Penicillin.csv'; Reference = 'Penicillin_REML.json' }
    ) {
        $reference = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name $Reference) | ConvertFrom-Json
        $fit = Invoke-LmmFit $reference.formula -Path (Find-LmmTestFile -Kind 'data' -Name $Csv)
        $path = Join-Path $TestDrive "$Name-caterpillar.svg"
        $file = $fit | Export-LmmPlot -Kind Caterpillar -Path $path
        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be $path

        $panels = @(Get-SvgPanels $path)
        $panels.Count | Should -Be (($reference.ranef | ForEach-Object { $_.columns.Count }) | Measure-Object -Sum).Sum
        foreach ($term in $reference.ranef) {
            $first = $term.columns[0]
            for ($c = 0; $c -lt $term.columns.Count; $c++) {
                $column = $term.columns[$c]
                $panel = @($panels | Where-Object { $_.Title -eq $term.group -and $_.XTitle -eq $column })
                $panel.Count | Should -Be 1 -Because "one panel for $($term.group) / $column"
                $panel = $panel[0]
                $levels = @($term.levels)
                $panel.Markers.Count | Should -Be $levels.Count

                # Every level is labelled (few levels), bottom to top in increasing order of the first column's mode.
                $labels = @($panel.YLabels | Sort-Object Pixel -Descending)
                ($labels.Text | Sort-Object) | Should -Be ($levels | Sort-Object)
                for ($i = 1; $i -lt $labels.Count; $i++) {
                    $below = $term.mode.$first[[array]::IndexOf($levels, $labels[$i - 1].Text)]
                    $above = $term.mode.$first[[array]::IndexOf($levels, $labels[$i].Text)]
                    $above | Should -BeGreaterOrEqual ($below - 1e-6)
                }

                $left = $panel.Border.X; $right = $left + $panel.Border.Width
                $xRange = Get-AxisRange $panel.XAxis $left $right
                $panel.XAxis.WorstResidual | Should -BeLessThan 1e-3
                $bars = @($panel.Lines | Where-Object { $_.Style -match 'stroke:rgb\(122,156,207\)' -and $_.Points.Count -eq 2 -and $_.Points[1].X -gt $_.Points[0].X + 1e-9 })
                $bars.Count | Should -Be $levels.Count
                foreach ($marker in $panel.Markers) {
                    $label = $labels | Sort-Object { [math]::Abs($_.Pixel - $marker.Y) } | Select-Object -First 1
                    [math]::Abs($label.Pixel - $marker.Y) | Should -BeLessThan (1e-3 * $panel.Border.Height)
                    $at = [array]::IndexOf($levels, $label.Text)
                    $mode = $term.mode.$column[$at]
                    $halfWidth = $Z975 * $term.condsd.$column[$at]
                    Assert-Close (Convert-SvgPixel $panel.XAxis $marker.X) $mode (1e-3 * $xRange)
                    $bar = @($bars | Where-Object { [math]::Abs($_.Points[0].Y - $marker.Y) -lt 1e-6 })
                    $bar.Count | Should -Be 1
                    Assert-Close (Convert-SvgPixel $panel.XAxis $bar[0].Points[0].X) ($mode - $halfWidth) (1e-3 * $xRange)
                    Assert-Close (Convert-SvgPixel $panel.XAxis $bar[0].Points[1].X) ($mode + $halfWidth) (1e-3 * $xRange)
                }
            }
        }
    }

    It 'keeps every one of InstEval''s 2,972 s levels and thins their labels' {
        $reference = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'InstEval_REML.json') | ConvertFrom-Json
        $fit = Invoke-LmmFit $reference.formula -Path (Find-LmmTestFile -Kind 'data' -Name 'InstEval.csv')
        $script:InstEvalFit = $fit
        $path = Join-Path $TestDrive 'insteval.svg'
        $fit | Export-LmmPlot Caterpillar $path | Out-Null
        $panels = @(Get-SvgPanels $path)
        foreach ($term in $reference.ranef) {
            $panel = $panels | Where-Object Title -eq $term.group
            $panel.Markers.Count | Should -Be $term.levels.Count
        }
        $s = $panels | Where-Object Title -eq 's'
        $labels = @($s.YLabels | Sort-Object Pixel)
        $labels.Count | Should -BeLessThan 2972
        $labels.Count | Should -BeGreaterThan 20
        for ($i = 1; $i -lt $labels.Count; $i++) {
            ($labels[$i].Pixel - $labels[$i - 1].Pixel) | Should -BeGreaterOrEqual 11.9
        }
        @($labels.Text | Where-Object { $reference.ranef[0].levels -notcontains $_ }).Count | Should -Be 0
    }
    It 'stops drawing InstEval''s caterpillar when its pipeline is stopped (Ctrl+C), and writes no file' {
        # The fit of the test above; a PowerShell instance of this process can use it. Stopping the instance is what
        # Ctrl+C does: the picture is abandoned between panels (StopProcessing cancels the layout's and drawing's
        # token, and the per-panel progress write throws once the pipeline stops), so no file is written. Removing
        # the token alone does not fail this test (the progress writes still stop it); removing both would.
        $fit = $script:InstEvalFit
        $fit | Should -Not -BeNullOrEmpty
        $path = Join-Path $TestDrive 'insteval-stopped.svg'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Fit, $Path)
                    Import-Module $Manifest
                    $ProgressPreference = 'Continue'
                    $Fit | Export-LmmPlot Caterpillar $Path
                }).AddArgument($manifestPath).AddArgument($fit).AddArgument($path)
            $async = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(120)
            while (-not $async.IsCompleted -and [datetime]::UtcNow -lt $deadline -and
                @($ps.Streams.Progress | Where-Object StatusDescription -like 'Input 1: laying out*').Count -eq 0) {
                Start-Sleep -Milliseconds 5
            }
            $async.IsCompleted | Should -BeFalse -Because 'the stop must reach the cmdlet while it lays out or draws'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            @($ps.Streams.Error).Count | Should -Be 0
            Test-Path -LiteralPath $path | Should -BeFalse
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Export-LmmPlot progress and Ctrl+C over many fits' {
    It 'reports each input and each panel, and stops a pipeline of many fits when it is stopped' {
        $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv
        $folder = Join-Path $TestDrive 'many'
        New-Item -ItemType Directory $folder | Out-Null
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Fit, $Pattern)
                    Import-Module $Manifest
                    $ProgressPreference = 'Continue'
                    1..100000 | ForEach-Object { $Fit } | Export-LmmPlot Caterpillar $Pattern
                }).AddArgument($manifestPath).AddArgument($fit).AddArgument((Join-Path $folder 'p-{0}.svg'))
            $async = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(120)
            while (-not $async.IsCompleted -and [datetime]::UtcNow -lt $deadline -and @(Get-ChildItem -LiteralPath $folder).Count -lt 3) {
                Start-Sleep -Milliseconds 20
            }
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            @($ps.Streams.Error).Count | Should -Be 0
            $written = @(Get-ChildItem -LiteralPath $folder).Count
            $written | Should -BeGreaterOrEqual 3
            $written | Should -BeLessThan 100000
            Start-Sleep -Milliseconds 500
            @(Get-ChildItem -LiteralPath $folder).Count | Should -Be $written -Because 'nothing is written once the pipeline has stopped'
            # Progress: one record per input, then one per panel (sleepstudy's caterpillar: two panels in one row).
            $progress = @($ps.Streams.Progress)
            @($progress | Where-Object StatusDescription -like 'Input 2: laying out*p-1.svg').Count | Should -Be 1
            $panels = @($progress | Where-Object StatusDescription -like 'Input 2: drawing*p-1.svg')
            $panels.CurrentOperation | Should -Be @('panel 1 of 2', 'panel 2 of 2')
            $panels.PercentComplete | Should -Be @(50, 100)
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Export-LmmPlot -Kind Profile' {
    It 'draws <Name>: one marker per profile point at (value, zeta), and the +-1.96 lines' -ForEach @(
        @{ Name = 'sleepstudy'; Csv = 'sleepstudy.csv'; Formula = 'Reaction ~ Days + (Days | Subject)' }
        @{ Name = 'Penicillin'; Csv = 'Penicillin.csv'; Formula = 'diameter ~ 1 + (1 | plate) + (1 | sample)' }
    ) {
        $profile = Invoke-LmmFit $Formula -Path (Find-LmmTestFile -Kind 'data' -Name $Csv) | Get-LmmProfile -WarningAction SilentlyContinue
        $path = Join-Path $TestDrive "$Name-profile.svg"
        $profile | Export-LmmPlot -Kind Profile -Path $path -Title "$Name profile" | Out-Null
        $panels = @(Get-SvgPanels $path)
        $traces = $profile.Points | Group-Object Parameter
        $panels.Count | Should -Be $traces.Count
        foreach ($trace in $traces) {
            $panel = @($panels | Where-Object { $_.Title -eq $trace.Name -and $_.XTitle -eq $trace.Name })
            $panel.Count | Should -Be 1 -Because "one panel for $($trace.Name), its x axis named as the fit names it"
            $panel = $panel[0]
            $points = @($trace.Group | Sort-Object Value)
            $panel.Markers.Count | Should -Be $points.Count
            $b = $panel.Border
            $xRange = Get-AxisRange $panel.XAxis $b.X ($b.X + $b.Width)
            $yRange = Get-AxisRange $panel.YAxis $b.Y ($b.Y + $b.Height)
            $markers = @($panel.Markers | Sort-Object X)
            for ($i = 0; $i -lt $points.Count; $i++) {
                Assert-Close (Convert-SvgPixel $panel.XAxis $markers[$i].X) $points[$i].Value (1e-3 * $xRange)
                Assert-Close (Convert-SvgPixel $panel.YAxis $markers[$i].Y) $points[$i].Zeta (1e-3 * $yRange)
            }
            $dashed = @($panel.Lines | Where-Object { $_.Style -match 'dasharray' } | ForEach-Object { Convert-SvgPixel $panel.YAxis $_.Points[0].Y } | Sort-Object)
            $dashed.Count | Should -Be 2
            Assert-Close $dashed[0] (-$Z975) (1e-3 * $yRange)
            Assert-Close $dashed[1] $Z975 (1e-3 * $yRange)
        }
        (Read-SvgDocument $path).svg.InnerXml | Should -Match "$Name profile"
    }
}

Describe 'Export-LmmPlot -Kind Residuals and QQ' {
    BeforeAll {
        # lme4's fitted(fit) and residuals(fit, type = "response" / scaled = TRUE), in rows_used (CSV) order.
        $predict = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name 'predict_sleepstudy_REML.json') | ConvertFrom-Json
        $sleepFit = Invoke-LmmFit $predict.formula -Path $SleepCsv
    }

    It 'draws sleepstudy''s residuals: one marker per observation at lme4''s (fitted, residual), and the zero line' {
        $path = Join-Path $TestDrive 'sleepstudy-residuals.svg'
        $file = $sleepFit | Export-LmmPlot -Kind Residuals -Path $path
        $file | Should -BeOfType System.IO.FileInfo
        $panels = @(Get-SvgPanels $path)
        $panels.Count | Should -Be 1
        $panel = $panels[0]
        $panel.XTitle | Should -Be 'fitted'
        $fitted = @($predict.fitted)
        $residuals = @($predict.residuals.response)
        $fitted.Count | Should -Be 180
        $panel.Markers.Count | Should -Be $fitted.Count
        $b = $panel.Border
        $panel.XAxis.WorstResidual | Should -BeLessThan 1e-3
        $panel.YAxis.WorstResidual | Should -BeLessThan 1e-3
        $xRange = Get-AxisRange $panel.XAxis $b.X ($b.X + $b.Width)
        $yRange = Get-AxisRange $panel.YAxis $b.Y ($b.Y + $b.Height)
        # Markers are drawn in observation order; each maps back to that observation's lme4 values.
        for ($i = 0; $i -lt $fitted.Count; $i++) {
            Assert-Close (Convert-SvgPixel $panel.XAxis $panel.Markers[$i].X) $fitted[$i] (1e-3 * $xRange)
            Assert-Close (Convert-SvgPixel $panel.YAxis $panel.Markers[$i].Y) $residuals[$i] (1e-3 * $yRange)
        }
        $dashed = @($panel.Lines | Where-Object { $_.Style -match 'dasharray' })
        $dashed.Count | Should -Be 1
        Assert-Close (Convert-SvgPixel $panel.YAxis $dashed[0].Points[0].Y) 0 (1e-3 * $yRange)
    }

    It 'draws <Name>''s normal QQ plots: the scaled residuals and every random-effect column, against R''s qqnorm, with R''s qqline' -ForEach @(
        @{ Name = 'sleepstudy'; Csv = 'sleepstudy.csv'; Reference = 'sleepstudy_REML.json'; Predict = 'predict_sleepstudy_REML.json' }
        @{ Name = 'Penicillin'; Csv = 'Penicillin.csv'; Reference = 'Penicillin_REML.json'; Predict = 'predict_Penicillin_REML.json' }
    ) {
        # R 4.2.2 / lme4 1.1-31 (tests/data/plots/qqnorm_reference.R): qqnorm's normal scores qnorm(ppoints(n)) and
        # qqline's intercept and slope for each sample; the values themselves come from the lme4 reference fits.
        $qq = (Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'plots' -Name 'qqnorm_reference.json') | ConvertFrom-Json).fits |
            Where-Object dataset -eq $Name
        $reference = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name $Reference) | ConvertFrom-Json
        $predict = Get-Content -Raw -LiteralPath (Find-LmmTestFile -Kind 'reference' -Name $Predict) | ConvertFrom-Json
        $fit = Invoke-LmmFit $reference.formula -Path (Find-LmmTestFile -Kind 'data' -Name $Csv)
        $path = Join-Path $TestDrive "$Name-qq.svg"
        $fit | Export-LmmPlot QQ $path | Out-Null
        $panels = @(Get-SvgPanels $path)

        $samples = @([pscustomobject]@{ Title = 'Scaled residuals'; Values = @($predict.residuals.scaled); R = $qq.scaled_residuals })
        foreach ($term in $reference.ranef) {
            foreach ($column in $term.columns) {
                $r = $qq.ranef | Where-Object { $_.group -eq $term.group -and $_.column -eq $column }
                $samples += [pscustomobject]@{ Title = "$($term.group): $column"; Values = @($term.mode.$column); R = $r }
            }
        }
        $panels.Count | Should -Be $samples.Count
        foreach ($sample in $samples) {
            $panel = @($panels | Where-Object Title -eq $sample.Title)
            $panel.Count | Should -Be 1 -Because "one panel titled '$($sample.Title)'"
            $panel = $panel[0]
            $sorted = @($sample.Values | Sort-Object)
            $sample.R.n | Should -Be $sorted.Count
            $panel.Markers.Count | Should -Be $sorted.Count -Because "one marker per value of $($sample.Title)"
            $b = $panel.Border
            $panel.XAxis.WorstResidual | Should -BeLessThan 1e-3
            $panel.YAxis.WorstResidual | Should -BeLessThan 1e-3
            $xRange = Get-AxisRange $panel.XAxis $b.X ($b.X + $b.Width)
            $yRange = Get-AxisRange $panel.YAxis $b.Y ($b.Y + $b.Height)
            # The i-th marker from the left is the i-th smallest value at R's i-th normal score.
            $byX = @($panel.Markers | Sort-Object X)
            for ($i = 0; $i -lt $sorted.Count; $i++) {
                Assert-Close (Convert-SvgPixel $panel.XAxis $byX[$i].X) $sample.R.x[$i] (1e-3 * $xRange)
                Assert-Close (Convert-SvgPixel $panel.YAxis $byX[$i].Y) $sorted[$i] (1e-3 * $yRange)
            }
            $dashed = @($panel.Lines | Where-Object { $_.Style -match 'dasharray' })
            $dashed.Count | Should -Be 1
            foreach ($point in $dashed[0].Points) {
                $x = Convert-SvgPixel $panel.XAxis $point.X
                Assert-Close (Convert-SvgPixel $panel.YAxis $point.Y) ($sample.R.qqline_intercept + $sample.R.qqline_slope * $x) (1e-3 * $yRange)
            }
        }
    }

    It 'says a profile cannot give Residuals or QQ' -ForEach @(@{ Kind = 'Residuals' }, @{ Kind = 'QQ' }) {
        $profile = $sleepFit | Get-LmmProfile -Parameter sigma
        { $profile | Export-LmmPlot $Kind (Join-Path $TestDrive "p-$Kind.svg") -ErrorAction Stop } | Should -Throw -ErrorId 'PlotKindNotAvailable,*' -ExpectedMessage '*needs a fit*'
        Test-Path (Join-Path $TestDrive "p-$Kind.svg") | Should -BeFalse
    }
}

Describe 'Export-LmmPlot input and -Path rules' {
    BeforeAll {
        $fit = Invoke-LmmFit $SleepFormula -Path $SleepCsv
    }

    It 'resolves a relative -Path against the PowerShell location, not the process directory' {
        Push-Location $TestDrive
        try {
            $file = $fit | Export-LmmPlot Caterpillar 'relative.svg'
            $file.FullName | Should -Be (Join-Path $TestDrive 'relative.svg')
            Test-Path (Join-Path $TestDrive 'relative.svg') | Should -BeTrue
        }
        finally { Pop-Location }
    }

    It 'overwrites an existing file only with -Force' {
        $path = Join-Path $TestDrive 'exists.svg'
        $fit | Export-LmmPlot Caterpillar $path -Title 'first' | Out-Null
        { $fit | Export-LmmPlot Caterpillar $path -Title 'second' -ErrorAction Stop } | Should -Throw -ErrorId 'PlotFileExists,*'
        Get-Content -Raw $path | Should -Match 'first'
        $fit | Export-LmmPlot Caterpillar $path -Title 'second' -Force | Out-Null
        Get-Content -Raw $path | Should -Match 'second'
    }

    It 'refuses a directory, a missing folder, a read-only file and a non-SVG extension' {
        { $fit | Export-LmmPlot Caterpillar $TestDrive -ErrorAction Stop } | Should -Throw -ErrorId 'PlotPathIsDirectory,*'
        { $fit | Export-LmmPlot Caterpillar (Join-Path $TestDrive 'no/such/folder/p.svg') -ErrorAction Stop } | Should -Throw -ErrorId 'PlotFolderNotFound,*'
        $locked = Join-Path $TestDrive 'locked.svg'
        Set-Content -LiteralPath $locked -Value 'keep'
        [System.IO.File]::SetAttributes($locked, [System.IO.FileAttributes]::ReadOnly)
        { $fit | Export-LmmPlot Caterpillar $locked -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PlotPathNotWritable,*'
        (Get-Content -Raw $locked).Trim() | Should -Be 'keep'
        { $fit | Export-LmmPlot Caterpillar (Join-Path $TestDrive 'p.png') } | Should -Throw -ErrorId 'UnsupportedPlotFormat,*'
    }

    It 'reports a folder it may not write into' -Skip:($isRoot -or $IsWindows) {
        $folder = Join-Path $TestDrive 'readonly'
        New-Item -ItemType Directory $folder | Out-Null
        chmod 555 $folder
        try {
            { $fit | Export-LmmPlot Caterpillar (Join-Path $folder 'p.svg') -ErrorAction Stop } | Should -Throw -ErrorId 'PlotPathNotWritable,*'
        }
        finally { chmod 755 $folder }
    }

    It 'writes one file per input with a {0} pattern, and refuses a second input without one' {
        $ml = $fit | Invoke-LmmFit -Method ML
        $files = @($fit, $ml | Export-LmmPlot Caterpillar (Join-Path $TestDrive 'fit-{0}.svg'))
        $files.Name | Should -Be @('fit-0.svg', 'fit-1.svg')
        # The ML fit shrinks less: its file must hold other numbers than the REML fit's.
        (Get-Content -Raw $files[0].FullName) | Should -Not -Be (Get-Content -Raw $files[1].FullName)
        $one = Join-Path $TestDrive 'single.svg'
        $written = $fit, $ml | Export-LmmPlot Caterpillar $one -ErrorVariable problems -ErrorAction SilentlyContinue
        @($written).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'PlotPathNeedsPattern,*'
    }

    It 'says which input a kind needs' {
        { $fit | Export-LmmPlot Profile (Join-Path $TestDrive 'a.svg') -ErrorAction Stop } | Should -Throw -ErrorId 'PlotKindNotAvailable,*' -ExpectedMessage '*Get-LmmProfile*'
        $profile = $fit | Get-LmmProfile -Parameter sigma
        { $profile | Export-LmmPlot Caterpillar (Join-Path $TestDrive 'b.svg') -ErrorAction Stop } | Should -Throw -ErrorId 'PlotKindNotAvailable,*' -ExpectedMessage '*needs a fit*'
        Test-Path (Join-Path $TestDrive 'a.svg') | Should -BeFalse
    }

    It 'sizes the picture with -Width and -Height' {
        $path = Join-Path $TestDrive 'sized.svg'
        $fit | Export-LmmPlot Caterpillar $path -Width 900 -Height 640 | Out-Null
        $svg = (Read-SvgDocument $path).DocumentElement
        $svg.GetAttribute('width') | Should -Be '900'
        $svg.GetAttribute('height') | Should -Be '640'
    }
}

Describe 'The README pictures' {
    It 'are what the README''s Export-LmmPlot blocks write now' {
        . (Join-Path $PSScriptRoot 'Examples.ps1')
        $blocks = @(Get-ReadmeExample | Where-Object { $_.Code -match 'Export-LmmPlot' })
        $blocks.Count | Should -BeGreaterOrEqual 2
        $folder = New-ExampleFolder (Join-Path $TestDrive 'readme')
        foreach ($block in $blocks) {
            Invoke-Example -Code $block.Code -Folder $folder | Out-Null
        }
        foreach ($name in 'sleepstudy-caterpillar.svg', 'sleepstudy-profile.svg', 'sleepstudy-residuals.svg', 'sleepstudy-qq.svg') {
            $now = Get-SvgElements (Read-SvgDocument (Join-Path $folder $name))
            $checkedIn = Get-SvgElements (Read-SvgDocument (Join-Path $repositoryRoot "docs/images/$name"))
            $checkedIn.Texts.Text | Should -Be $now.Texts.Text -Because "docs/images/$name has the labels the README's commands write"
            $checkedIn.Markers.Count | Should -Be $now.Markers.Count
            # A fit that moves in its last digits moves a marker by far less than a pixel's tenth.
            for ($i = 0; $i -lt $now.Markers.Count; $i++) {
                Assert-Close $checkedIn.Markers[$i].X $now.Markers[$i].X 0.1
                Assert-Close $checkedIn.Markers[$i].Y $now.Markers[$i].Y 0.1
            }
        }
    }
}
