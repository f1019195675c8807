//! The fuzz targets (fuzz/targets.rs) on stable Rust: every crash input
//! found by `cargo fuzz` (tests/fuzz_regressions/TARGET/*), the bundled
//! site's files as seeds, and a bounded number of deterministic mutations of
//! them. `cargo fuzz` explores far more; this keeps the targets compiling and
//! the found crashes fixed.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target, &[&str])] = &[
    (
        "front_matter",
        targets::front_matter,
        &["content/par-mums.md", "content/jaunumi/_index.md"],
    ),
    (
        "markdown",
        targets::markdown,
        &["content/par-mums.md", "content/kontakti.md"],
    ),
    ("members", targets::members, &["content/data/members.yaml"]),
    ("areas", targets::areas, &["content/data/areas.yaml"]),
    (
        "report",
        targets::report,
        &["content/data/reports/2023.yaml"],
    ),
    (
        "bands",
        targets::bands,
        &["content/data/reports/_bands.yaml"],
    ),
    ("site_config", targets::site_config, &["content/site.yaml"]),
];

/// Fragments that tend to break parsers of Markdown and YAML.
const TOKENS: &[&str] = &[
    "---\n",
    "\n",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "<<: *a\n",
    "\"",
    "'",
    "#",
    "](x.md#y)",
    "](../../a.md)",
    "](/biedri/)",
    "](javascript:alert(1))",
    "<script>",
    "{onclick=x}",
    "<a href=\"data:x\">",
    "`",
    "```\n",
    "|a|b|\n|-|-|\n",
    "[^1]",
    "ā",
    "\u{feff}",
    "\t",
    "\r\n",
    "%",
    "~",
    "null",
    "1e999",
    "-0",
    "2024-02-30",
    "score: 99\n",
    "\0",
];

/// A small deterministic random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(5) {
            0 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            1 if at < data.len() => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at..end);
            }
            2 if at < data.len() => data[at] = rng.next() as u8,
            3 => {
                // Repeat a slice, which makes nesting and long lines.
                let end = (at + rng.below(8)).min(data.len());
                let piece = data[at..end].to_vec();
                for _ in 0..rng.below(64) {
                    data.splice(at..at, piece.iter().copied());
                }
            }
            _ => {
                let from = rng.below(data.len() + 1);
                let end = (from + rng.below(32)).min(data.len());
                let piece = data[from..end].to_vec();
                data.splice(at..at, piece);
            }
        }
    }
    data
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn regressions_found_by_fuzzing_stay_fixed() {
    let mut count = 0;
    for (name, target, _) in TARGETS {
        let dir = root().join("tests/fuzz_regressions").join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            target(&data);
            count += 1;
        }
    }
    eprintln!("{count} regression inputs");
}

#[test]
fn targets_survive_mutated_seeds() {
    // Bounded: a few hundred inputs per target keep `cargo test` quick.
    let rounds: usize = std::env::var("ALIANSE_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    for (name, target, seeds) in TARGETS {
        let seeds: Vec<Vec<u8>> = seeds
            .iter()
            .map(|s| std::fs::read(root().join(s)).unwrap())
            .collect();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
        target(b"");
        for seed in &seeds {
            target(seed);
        }
        for i in 0..rounds {
            let seed = &seeds[i % seeds.len()];
            let input = mutate(seed, &mut rng);
            let result = std::panic::catch_unwind(|| target(&input));
            assert!(
                result.is_ok(),
                "{name} panicked on input {:?}",
                String::from_utf8_lossy(&input)
            );
        }
    }
}
