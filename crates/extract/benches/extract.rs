//! Throughput of the extractor: the model document, and a 10 MB document made by repeating
//! the model document's body (one header, one closing), so every byte is real work.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const MODEL: &str = include_str!("../tests/data/model.txt");

/// A document of at least `size` bytes: the model's header, its body repeated, its closing.
pub fn long_document(size: usize) -> String {
    let body_start = MODEL.find("1. Về tình hình").unwrap_or(0);
    let closing = MODEL.find("Nơi nhận:").unwrap_or(MODEL.len());
    let (head, body, tail) = (&MODEL[..body_start], &MODEL[body_start..closing], &MODEL[closing..]);
    let mut doc = String::with_capacity(size + MODEL.len());
    doc.push_str(head);
    while doc.len() < size {
        doc.push_str(body);
    }
    doc.push_str(tail);
    doc
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(MODEL.len() as u64));
    g.bench_function("model_document", |b| b.iter(|| dondoc_extract::extract(black_box(MODEL))));
    let big = long_document(10 * 1024 * 1024);
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.sample_size(10);
    g.bench_function("10MB", |b| b.iter(|| dondoc_extract::extract(black_box(&big))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
