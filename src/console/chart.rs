//! The trends page's weekly chart, drawn with the chart code `lookout reports stats` uses
//! (charts-rs). The console's CSP allows no `<style>` block or `style` attribute, so the SVG
//! is checked for them; the table beside it carries the same figures for a screen reader.

use charts_rs::BarChart;

use super::html::e;

/// A bar per week seen, in a figure whose caption and label say what it shows.
pub fn weekly(weeks: &[String], totals: &[u64]) -> anyhow::Result<String> {
    if weeks.is_empty() {
        return Ok(String::new());
    }
    let values: Vec<f32> = totals.iter().map(|n| *n as f32).collect();
    let mut chart = BarChart::new(vec![("Reports", values).into()], weeks.to_vec());
    chart.base.width = 760.0;
    chart.base.height = 320.0;
    let svg = chart
        .svg()
        .map_err(|error| anyhow::anyhow!("drawing the weekly chart: {error:?}"))?;
    if svg.contains("<style") || svg.contains("style=") {
        anyhow::bail!("the weekly chart would need inline styles, which the console forbids");
    }
    let summary: Vec<String> = weeks
        .iter()
        .zip(totals)
        .map(|(week, n)| format!("{week}: {n}"))
        .collect();
    Ok(format!(
        "<figure class=\"chart\" role=\"img\" aria-label=\"{}\">{svg}<figcaption>Reports per week seen (the table below has the same figures)</figcaption></figure>",
        e(&format!("Reports per week seen. {}", summary.join(", ")))
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_chart_is_an_svg_without_styles() {
        let html = super::weekly(&["2026-W44".into(), "2026-W45".into()], &[3, 5]).unwrap();
        assert!(html.contains("<svg") && !html.contains("<style"), "{html}");
        assert!(html.contains("aria-label=\"Reports per week seen. 2026-W44: 3, 2026-W45: 5\""));
    }
}
