//! Write a generated design to standard output, for benchmarks and scripts:
//! `cargo run --release --example gen_model -- 10000 [SEED] > big.arch`.

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let parse = |arg: Option<String>, default: u64| -> Result<u64, String> {
        match arg {
            None => Ok(default),
            Some(a) => a.replace('_', "").parse().map_err(|_| format!("not a number: `{a}`")),
        }
    };
    let (components, seed) = match (parse(args.next(), 1000), parse(args.next(), 42)) {
        (Ok(n), Ok(s)) => (n, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("usage: gen_model [COMPONENTS] [SEED]\nerror: {e}");
            std::process::exit(2);
        }
    };
    let text = archc::gen::generate(components as usize, seed);
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).and_then(|()| out.flush()).is_err() {
        std::process::exit(1);
    }
}
