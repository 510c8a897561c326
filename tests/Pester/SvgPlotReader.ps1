# Dot-sourced by Export-LmmPlot.Tests.ps1: reads an SVG that Export-LmmPlot wrote back into numbers, the way a reader's
# eye does. Each panel is found by its plot-area border (the grey rectangle OxyPlot draws around it); its axes are
# recovered from the major tick marks (7 px long) and the tick labels beside them, and a linear fit of label value
# against tick position gives the axis transform that Convert-SvgPixel inverts. Nothing here knows the layout code.

function Read-SvgDocument {
    # Parses the whole file with a validating-free reader: throws on anything that is not well-formed XML.
    param([string] $Path)
    $settings = [System.Xml.XmlReaderSettings]::new()
    $settings.DtdProcessing = [System.Xml.DtdProcessing]::Ignore
    $settings.XmlResolver = $null
    $reader = [System.Xml.XmlReader]::Create($Path, $settings)
    try {
        $document = [System.Xml.XmlDocument]::new()
        $document.Load($reader)
        return , $document
    }
    finally { $reader.Dispose() }
}

function ConvertFrom-SvgPoints {
    param([string] $Points)
    $inv = [cultureinfo]::InvariantCulture
    $result = [System.Collections.Generic.List[object]]::new()
    foreach ($pair in $Points.Trim() -split '\s+') {
        $xy = $pair.Split(',')
        $result.Add([pscustomobject]@{ X = [double]::Parse($xy[0], $inv); Y = [double]::Parse($xy[1], $inv) })
    }
    , $result.ToArray()
}

function Get-SvgElements {
    # Flat lists of the drawing primitives, in page coordinates (OxyPlot writes no nested transforms but text's).
    param([System.Xml.XmlDocument] $Document)
    $ns = [System.Xml.XmlNamespaceManager]::new($Document.NameTable)
    $ns.AddNamespace('s', 'http://www.w3.org/2000/svg')
    $inv = [cultureinfo]::InvariantCulture
    $texts = foreach ($t in $Document.SelectNodes('//s:text', $ns)) {
        if ($t.GetAttribute('transform') -match 'translate\(([-\d.eE]+),([-\d.eE]+)\)(.*)') {
            [pscustomobject]@{
                X = [double]::Parse($Matches[1], $inv); Y = [double]::Parse($Matches[2], $inv)
                Rotated = $Matches[3] -match 'rotate'; Anchor = $t.GetAttribute('text-anchor'); Text = $t.InnerText
            }
        }
    }
    $lines = foreach ($p in $Document.SelectNodes('//s:polyline', $ns)) {
        $points = ConvertFrom-SvgPoints $p.GetAttribute('points')
        $minX = [double]::PositiveInfinity; $maxX = [double]::NegativeInfinity; $minY = $minX; $maxY = $maxX
        foreach ($point in $points) {
            $minX = [math]::Min($minX, $point.X); $maxX = [math]::Max($maxX, $point.X)
            $minY = [math]::Min($minY, $point.Y); $maxY = [math]::Max($maxY, $point.Y)
        }
        [pscustomobject]@{ Points = $points; Style = $p.GetAttribute('style'); MinX = $minX; MaxX = $maxX; MinY = $minY; MaxY = $maxY }
    }
    $markers = foreach ($e in $Document.SelectNodes('//s:ellipse', $ns)) {
        [pscustomobject]@{ X = [double]::Parse($e.GetAttribute('cx'), $inv); Y = [double]::Parse($e.GetAttribute('cy'), $inv) }
    }
    $borders = foreach ($r in $Document.SelectNodes('//s:rect', $ns)) {
        if ($r.GetAttribute('style') -match 'stroke:rgb\(128,128,128\)') {
            [pscustomobject]@{
                X = [double]::Parse($r.GetAttribute('x'), $inv); Y = [double]::Parse($r.GetAttribute('y'), $inv)
                Width = [double]::Parse($r.GetAttribute('width'), $inv); Height = [double]::Parse($r.GetAttribute('height'), $inv)
            }
        }
    }
    [pscustomobject]@{ Texts = @($texts); Lines = @($lines); Markers = @($markers); Borders = @($borders) }
}

function Get-LinearFit {
    # Least squares pixel = a + b * value over the labelled ticks; the largest residual shows the axis is linear.
    param([double[]] $Value, [double[]] $Pixel)
    $n = $Value.Count
    if ($n -lt 2) { throw "An axis needs two labelled ticks to be inverted; found $n." }
    $mv = ($Value | Measure-Object -Average).Average
    $mp = ($Pixel | Measure-Object -Average).Average
    $sxy = 0.0; $sxx = 0.0
    for ($i = 0; $i -lt $n; $i++) { $sxy += ($Value[$i] - $mv) * ($Pixel[$i] - $mp); $sxx += ($Value[$i] - $mv) * ($Value[$i] - $mv) }
    $b = $sxy / $sxx
    $a = $mp - $b * $mv
    $worst = 0.0
    for ($i = 0; $i -lt $n; $i++) { $worst = [math]::Max($worst, [math]::Abs($a + $b * $Value[$i] - $Pixel[$i])) }
    [pscustomobject]@{ Intercept = $a; Slope = $b; WorstResidual = $worst }
}

function Convert-SvgPixel {
    param($Axis, [double] $Pixel)
    ($Pixel - $Axis.Intercept) / $Axis.Slope
}

function Get-SvgPanels {
    # One object per panel: its border, markers inside it, the x and y tick labels paired with their tick positions,
    # the panel title (above) and x-axis title (below), the axis transforms where the labels are numbers.
    param([string] $Path)
    $document = Read-SvgDocument $Path
    $all = Get-SvgElements $document
    $inv = [cultureinfo]::InvariantCulture
    foreach ($border in $all.Borders) {
        $left = $border.X; $right = $border.X + $border.Width; $top = $border.Y; $bottom = $border.Y + $border.Height
        $markers = @($all.Markers.Where({ $_.X -ge $left - 1e-6 -and $_.X -le $right + 1e-6 -and $_.Y -ge $top - 1e-6 -and $_.Y -le $bottom + 1e-6 }))
        $xTicks = @($all.Lines.Where({
                $p = $_.Points; $p.Count -eq 2 -and $_.MaxX - $_.MinX -lt 1e-9 -and [math]::Abs($p[0].Y - $bottom) -lt 0.01 -and
                [math]::Abs($p[1].Y - $p[0].Y - 7) -lt 0.01 -and $p[0].X -ge $left - 0.01 -and $p[0].X -le $right + 0.01
            }) | ForEach-Object { $_.Points[0].X } | Sort-Object -Unique)
        $yTicks = @($all.Lines.Where({
                $p = $_.Points; $p.Count -eq 2 -and $_.MaxY - $_.MinY -lt 1e-9 -and [math]::Abs($p[0].X - $left) -lt 0.01 -and
                [math]::Abs($p[0].X - $p[1].X - 7) -lt 0.01 -and $p[0].Y -ge $top - 0.01 -and $p[0].Y -le $bottom + 0.01
            }) | ForEach-Object { $_.Points[0].Y } | Sort-Object -Unique)
        $xLabels = foreach ($tick in $xTicks) {
            $label = $all.Texts | Where-Object { -not $_.Rotated -and $_.Anchor -eq 'middle' -and [math]::Abs($_.X - $tick) -lt 0.01 -and $_.Y -gt $bottom -and $_.Y -lt $bottom + 25 } | Select-Object -First 1
            if ($null -eq $label) { throw "No label under the x tick at $tick in the panel at ($left, $top)." }
            [pscustomobject]@{ Pixel = $tick; Text = $label.Text }
        }
        # y labels are right-aligned left of the ticks and shifted by the font's baseline: pair them with ticks in order.
        $yTexts = @($all.Texts | Where-Object { -not $_.Rotated -and $_.Anchor -eq 'end' -and $_.X -lt $left -and $_.X -gt $left - 200 -and $_.Y -ge $top - 2 -and $_.Y -le $bottom + 15 } | Sort-Object Y)
        if ($yTexts.Count -ne $yTicks.Count) { throw "The panel at ($left, $top) has $($yTicks.Count) major y ticks but $($yTexts.Count) labels." }
        $yLabels = for ($i = 0; $i -lt $yTicks.Count; $i++) { [pscustomobject]@{ Pixel = $yTicks[$i]; Text = $yTexts[$i].Text } }
        $middle = ($left + $right) / 2
        $title = $all.Texts | Where-Object { -not $_.Rotated -and $_.Anchor -eq 'middle' -and $_.Y -lt $top -and $_.Y -gt $top - 30 -and $_.X -gt $left -and $_.X -lt $right } | Select-Object -First 1
        $xTitle = $all.Texts | Where-Object { -not $_.Rotated -and $_.Anchor -eq 'middle' -and $_.Y -gt $bottom + 15 -and $_.Y -lt $bottom + 45 -and [math]::Abs($_.X - $middle) -lt $border.Width / 2 } |
            Where-Object { $xLabels.Text -notcontains $_.Text } | Select-Object -First 1
        $numeric = { param($labels) $labels.Count -ge 2 -and @($labels | Where-Object { $v = 0.0; -not [double]::TryParse($_.Text, [System.Globalization.NumberStyles]::Float, $inv, [ref] $v) }).Count -eq 0 }
        $xAxis = if (& $numeric $xLabels) { Get-LinearFit ([double[]]@($xLabels | ForEach-Object { [double]::Parse($_.Text, $inv) })) ([double[]]@($xLabels.Pixel)) }
        $yAxis = if (& $numeric $yLabels) { Get-LinearFit ([double[]]@($yLabels | ForEach-Object { [double]::Parse($_.Text, $inv) })) ([double[]]@($yLabels.Pixel)) }
        [pscustomobject]@{
            Border = $border; Markers = $markers; XLabels = @($xLabels); YLabels = @($yLabels)
            Title = $title.Text; XTitle = $xTitle.Text; XAxis = $xAxis; YAxis = $yAxis
            Lines = @($all.Lines.Where({ $_.MinX -ge $left - 0.01 -and $_.MaxX -le $right + 0.01 -and $_.MinY -ge $top - 0.01 -and $_.MaxY -le $bottom + 0.01 }))
        }
    }
}
