//! Extracts every `.txt` in a folder into `NAME.json` files in another, for the scorer:
//! `cargo run -p dondoc-extract --example extract_dir -- corpus /tmp/pred` then
//! `python3 ../shared/eval/score.py corpus/gold /tmp/pred --per-doc`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: extract_dir INPUT_DIR OUTPUT_DIR".into());
    };
    std::fs::create_dir_all(output)?;
    for entry in std::fs::read_dir(input)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        let x = dondoc_extract::extract(&text);
        let stem = path.file_stem().and_then(|s| s.to_str()).ok_or("file name")?;
        std::fs::write(Path::new(output).join(format!("{stem}.json")), serde_json::to_string_pretty(&x)?)?;
    }
    Ok(())
}
