//! Fuzz target: any bytes through ingest and extraction must not panic, and every offset in
//! the result must fall inside the normalised text on a character boundary.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match dondoc_ingest::decode_text(data) {
        Ok(t) => t,
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let x = dondoc_extract::extract_with(&text, &dondoc_extract::Options { with_text: true, ..Default::default() });
    let n = x.text_normalised.as_deref().unwrap_or_default();
    let ok = |a: usize, b: usize| a <= b && b <= n.len() && n.is_char_boundary(a) && n.is_char_boundary(b);
    for t in &x.tasks {
        assert!(ok(t.start, t.end));
        if let (Some(s), Some(e)) = (t.deadline.start, t.deadline.end) {
            assert!(ok(s, e));
        }
        for g in &t.targets {
            assert!(ok(g.start, g.end));
        }
    }
    for r in &x.references {
        assert!(ok(r.start, r.end));
    }
    let _ = serde_json_roundtrip(&x);
});

fn serde_json_roundtrip(x: &dondoc_extract::Extraction) -> usize {
    format!("{x:?}").len()
}
