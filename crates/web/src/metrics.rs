//! Prometheus metrics, without a metrics framework: request counts by method, route and
//! status, and a latency histogram by method and route. Routes are the matched route
//! templates (`/api/tasks/{id}`), never raw paths, so the label set stays small.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Debug, Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Debug, Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<(String, String), Histogram>,
}

#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
    started: Option<Instant>,
}

impl Metrics {
    pub fn new() -> Self {
        Metrics { inner: Mutex::new(Inner::default()), started: Some(Instant::now()) }
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *inner.requests.entry((method.to_string(), route.to_string(), status)).or_insert(0) += 1;
        let h = inner.latency.entry((method.to_string(), route.to_string())).or_default();
        for (i, le) in BUCKETS.iter().enumerate() {
            if seconds <= *le {
                h.counts[i] += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    }

    /// The Prometheus text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out.push_str("# HELP dondoc_http_requests_total HTTP requests handled.\n");
        out.push_str("# TYPE dondoc_http_requests_total counter\n");
        for ((m, r, s), n) in &inner.requests {
            let _ = writeln!(
                out,
                "dondoc_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{s}\"}} {n}",
                esc(m),
                esc(r)
            );
        }
        out.push_str("# HELP dondoc_http_request_duration_seconds Time to produce a response.\n");
        out.push_str("# TYPE dondoc_http_request_duration_seconds histogram\n");
        for ((m, r), h) in &inner.latency {
            let (m, r) = (esc(m), esc(r));
            for (i, le) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "dondoc_http_request_duration_seconds_bucket{{method=\"{m}\",route=\"{r}\",le=\"{le}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "dondoc_http_request_duration_seconds_bucket{{method=\"{m}\",route=\"{r}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(out, "dondoc_http_request_duration_seconds_sum{{method=\"{m}\",route=\"{r}\"}} {}", h.sum);
            let _ =
                writeln!(out, "dondoc_http_request_duration_seconds_count{{method=\"{m}\",route=\"{r}\"}} {}", h.count);
        }
        if let Some(started) = self.started {
            out.push_str("# HELP dondoc_uptime_seconds Seconds since the service started.\n");
            out.push_str("# TYPE dondoc_uptime_seconds gauge\n");
            let _ = writeln!(out, "dondoc_uptime_seconds {}", started.elapsed().as_secs_f64());
        }
        out
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Middleware: times every request and records it under its matched route.
pub async fn track(State(metrics): State<std::sync::Arc<Metrics>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let resp = next.run(req).await;
    metrics.observe(&method, &route, resp.status().as_u16(), start.elapsed().as_secs_f64());
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let m = Metrics::new();
        m.observe("GET", "/api/tasks/{id}", 200, 0.003);
        m.observe("GET", "/api/tasks/{id}", 200, 0.2);
        m.observe("GET", "/api/tasks/{id}", 404, 0.001);
        let text = m.render();
        assert!(text.contains("dondoc_http_requests_total{method=\"GET\",route=\"/api/tasks/{id}\",status=\"200\"} 2"));
        assert!(text.contains(
            "dondoc_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/tasks/{id}\",le=\"0.005\"} 2"
        ));
        assert!(text.contains("dondoc_http_request_duration_seconds_count{method=\"GET\",route=\"/api/tasks/{id}\"} 3"));
    }
}
