//! The dashboard's chart, drawn on the server as SVG (no script, no style attribute: colours
//! are presentation attributes, which the Content-Security-Policy allows).
//!
//! A bar per month: the share of the tasks completed that month that were completed on
//! time, with the count under it. Months without a completion show no bar.

use super::highlight::escape;

/// One month of the trend.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthPoint {
    /// "04/2024"
    pub label: String,
    pub on_time: u64,
    pub total: u64,
}

impl MonthPoint {
    pub fn rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.on_time as f64 * 100.0 / self.total as f64)
    }
}

const W: f64 = 720.0;
const H: f64 = 260.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 46.0;

fn colour(rate: f64) -> &'static str {
    if rate >= 90.0 {
        "#1e7b34"
    } else if rate >= 70.0 {
        "#1559a8"
    } else if rate >= 50.0 {
        "#b35a00"
    } else {
        "#b3261e"
    }
}

/// The SVG for `points` (left to right); `title` is its accessible name.
pub fn on_time_bars(points: &[MonthPoint], title: &str, completed_word: &str) -> String {
    let mut s = String::with_capacity(4096);
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"chart-title\" id=\"trend-chart\"><title id=\"chart-title\">"
    ));
    escape(title, &mut s);
    s.push_str("</title>");
    let plot_h = H - TOP - BOTTOM;
    let plot_w = W - LEFT - RIGHT;
    for pct in [0, 50, 100] {
        let y = TOP + plot_h * (1.0 - pct as f64 / 100.0);
        s.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#d5dbe1\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6673\">{pct}%</text>",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0
        ));
    }
    let n = points.len().max(1) as f64;
    let slot = plot_w / n;
    let bar_w = (slot * 0.6).min(40.0);
    for (i, p) in points.iter().enumerate() {
        let cx = LEFT + slot * (i as f64 + 0.5);
        if let Some(rate) = p.rate() {
            let h = plot_h * rate / 100.0;
            let y = TOP + plot_h - h;
            s.push_str(&format!(
                "<rect class=\"bar\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>",
                cx - bar_w / 2.0,
                colour(rate)
            ));
            escape(&format!("{}: {:.0}% ({}/{} {completed_word})", p.label, rate, p.on_time, p.total), &mut s);
            s.push_str(&format!(
                "</title></rect><text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1d2733\">{:.0}%</text>",
                (y - 4.0).max(TOP - 4.0),
                rate
            ));
        }
        s.push_str(&format!(
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1d2733\">",
            H - BOTTOM + 16.0
        ));
        escape(&p.label, &mut s);
        s.push_str(&format!(
            "</text><text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6673\">n={}</text>",
            H - BOTTOM + 31.0,
            p.total
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_bar_per_month_with_completions() {
        let pts = vec![
            MonthPoint { label: "03/2024".into(), on_time: 3, total: 4 },
            MonthPoint { label: "04/2024".into(), on_time: 0, total: 0 },
            MonthPoint { label: "<b>".into(), on_time: 1, total: 1 },
        ];
        let svg = on_time_bars(&pts, "Tỷ lệ", "hoàn thành");
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        assert!(svg.contains("75%"));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(!svg.contains("style="));
    }
}
