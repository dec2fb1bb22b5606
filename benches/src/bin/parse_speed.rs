//! The physical floor under the reviewer's throughput: tree-sitter parsing alone (and parsing
//! plus one full walk of each tree) of the Java and Python files under the given paths, on
//! `-j N` threads, as the reviewer itself parses them.
//!
//!     cargo run --release -p benches --bin parse-speed -- [-j 2] [--runs 5] PATH...

use rayon::prelude::*;
use reviewer::rules::Lang;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut threads = 2;
    let mut runs = 5;
    let mut roots = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-j" => threads = args.next().and_then(|v| v.parse().ok()).unwrap_or(2),
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(5),
            _ => roots.push(a),
        }
    }
    anyhow::ensure!(!roots.is_empty(), "usage: parse-speed [-j N] [--runs N] PATH...");
    let mut files: Vec<(Lang, Vec<u8>)> = Vec::new();
    for root in &roots {
        for entry in ignore::WalkBuilder::new(root).build().flatten() {
            let lang = match entry.path().extension().and_then(|x| x.to_str()) {
                Some("java") => Lang::Java,
                Some("py") => Lang::Python,
                _ => continue,
            };
            files.push((lang, std::fs::read(entry.path())?));
        }
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    println!(
        "{} files, {:.2} MB, {threads} threads, {runs} runs (median)",
        files.len(),
        bytes as f64 / 1e6
    );
    for walk in [false, true] {
        let mut times = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            let nodes: usize = pool.install(|| {
                files
                    .par_iter()
                    .map_init(
                        || (tree_sitter::Parser::new(), None::<Lang>),
                        |(parser, current), (lang, src)| {
                            if *current != Some(*lang) {
                                parser.set_language(&lang.grammar()).expect("grammar loads");
                                *current = Some(*lang);
                            }
                            let tree = parser.parse(src, None).expect("parses");
                            if walk { count_nodes(tree.root_node()) } else { 0 }
                        },
                    )
                    .sum()
            });
            times.push(started.elapsed().as_secs_f64());
            std::hint::black_box(nodes);
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "{:<22} median {:.3} s (min {:.3}, max {:.3}): {:.1} MB/s",
            if walk { "parse + full walk" } else { "parse" },
            median,
            times[0],
            times[times.len() - 1],
            bytes as f64 / 1e6 / median
        );
    }
    Ok(())
}

fn count_nodes(root: tree_sitter::Node<'_>) -> usize {
    let mut cursor = root.walk();
    let mut n = 0;
    loop {
        n += 1;
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return n;
            }
        }
    }
}
