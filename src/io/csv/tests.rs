//! The readers as a whole: results, problems, and the fast path against the precise path.

use super::*;

fn input(s: &str) -> CsvInput<'_> {
    CsvInput {
        name: "e.csv",
        reader: Box::new(s.as_bytes()),
    }
}

#[test]
fn reads_edges_and_creates_nodes() {
    let n = read(
        input("from,to,amount,kind,recovery\na,b,2.5,compute_commitment,0.5\nb,c,1,,\n"),
        None,
    )
    .unwrap();
    assert_eq!(n.node_count(), 3);
    assert_eq!(n.edge(0usize).exposure(), 1.25);
    assert_eq!(n.edge_kind_name(n.edge(1usize).kind), "debt");
}

#[test]
fn collects_every_problem_with_lines() {
    let (n, p) = read_collect(
        input("from,to,amount\na,b,-1\na,a,1\nc,d,NaN\nx,y,abc\n"),
        None,
        true,
    );
    assert!(n.is_none());
    let locs: Vec<&str> = p.iter().map(|p| p.location.as_str()).collect();
    assert_eq!(locs, ["e.csv:2", "e.csv:3", "e.csv:4", "e.csv:5"]);
    assert!(p[1].message.contains("self-loop"));
    assert!(p[2].message.contains("finite"));
}

/// splitmix64, for the equivalence tests.
pub(super) struct Rng(pub(super) u64);
impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

type NodeDigest = (String, u16, [Option<u64>; 4], Option<String>);
type Digest = (Vec<NodeDigest>, Vec<(u32, u32, u16, u64, u64)>);

/// Everything a reader built, bit for bit.
fn digest(b: NetworkBuilder) -> Digest {
    if b.node_count() == 0 {
        return (Vec::new(), Vec::new());
    }
    let n = b.finish().unwrap();
    let nodes = (0..n.node_count())
        .map(|i| {
            let f = n.figures(i);
            let bits = [f.buffer, f.external_assets, f.external_liabilities, f.value]
                .map(|x| x.map(f64::to_bits));
            let label = n.node_meta(i).and_then(|m| m.label.clone());
            (n.id(i).to_string(), n.node_kind_index(i), bits, label)
        })
        .collect();
    let edges = n
        .edges()
        .map(|e| {
            (
                e.from.raw(),
                e.to.raw(),
                e.kind.raw(),
                e.amount.to_bits(),
                e.recovery.to_bits(),
            )
        })
        .collect();
    (nodes, edges)
}

/// Reads `data` in pieces of up to 7 bytes, failing at byte `fail_at` (then reading
/// nothing more).
struct Flaky<'a> {
    data: &'a [u8],
    fail_at: usize,
    failed: bool,
}

impl Read for Flaky<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.failed {
            return Ok(0);
        }
        if self.fail_at == 0 {
            self.failed = true;
            return Err(std::io::Error::other("the disk is on fire"));
        }
        let n = buf.len().min(7).min(self.fail_at).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.fail_at -= n;
        Ok(n)
    }
}

fn flaky<'a>(data: &'a [u8], fail_at: Option<usize>) -> Box<dyn Read + 'a> {
    match fail_at {
        None => Box::new(data),
        Some(k) => Box::new(Flaky {
            data,
            fail_at: k,
            failed: false,
        }),
    }
}

fn run(edges: &[u8], nodes: Option<&[u8]>, all: bool, mode: Mode) -> (Vec<Problem>, Digest) {
    run_failing(edges, nodes, all, mode, (None, None))
}

fn run_failing(
    edges: &[u8],
    nodes: Option<&[u8]>,
    all: bool,
    mode: Mode,
    fail_at: (Option<usize>, Option<usize>),
) -> (Vec<Problem>, Digest) {
    let mut b = NetworkBuilder::new(GraphMeta::default(), Kinds::default(), 0, 0);
    let e = CsvInput {
        name: "e.csv",
        reader: flaky(edges, fail_at.0),
    };
    let n = nodes.map(|t| CsvInput {
        name: "n.csv",
        reader: flaky(t, fail_at.1),
    });
    let p = read_into(&mut b, e, n, all, mode);
    (p, digest(b))
}

/// A CSV file with the columns `cols` (shuffled) and cells from `cell`, mixing plain lines
/// with every kind of line the fast path leaves to the precise path: wrong field counts,
/// blank lines, `\r\n` and bare `\r`, quotes (also spanning lines), non-UTF-8 bytes.
fn random_csv(
    r: &mut Rng,
    mut cols: Vec<&str>,
    cell: impl Fn(&mut Rng, &str) -> &'static str,
) -> Vec<u8> {
    for i in (1..cols.len()).rev() {
        cols.swap(i, r.below(i + 1));
    }
    let crlf = r.below(4) == 0;
    let eol = |r: &mut Rng| -> &'static str {
        match r.below(10) {
            0 => "\r\n",
            1 if crlf => "\n",
            _ if crlf => "\r\n",
            _ => "\n",
        }
    };
    let mut out = Vec::new();
    out.extend_from_slice(cols.join(",").as_bytes());
    out.extend_from_slice(eol(r).as_bytes());
    for _ in 0..r.below(60) {
        let mut cells: Vec<String> = cols.iter().map(|c| cell(r, c).to_string()).collect();
        match r.below(45) {
            0 => cells.push("extra".into()),
            1 => {
                cells.pop();
            }
            2 | 7 | 8 => cells = vec![String::new()],
            3 => cells[0] = format!("{}\rx", cells[0]),
            4 => cells[0] = format!("\"{}\"", cells[0]),
            5 => cells[0] = "\"a\nb\"".into(),
            6 => cells[0] = "\u{e9}".into(),
            9 => cells = vec!["\r".into()],
            10 => {
                let last = cells.len() - 1;
                cells[last] = format!("{}\r{}", cells[last], cols.join(","));
            }
            11 => cells = vec![" ".into()],
            _ => {}
        }
        out.extend_from_slice(cells.join(",").as_bytes());
        if r.below(30) == 0 {
            out.push(0xff);
        }
        out.extend_from_slice(eol(r).as_bytes());
    }
    if r.below(3) == 0 {
        while out.last().is_some_and(|&x| x == b'\n' || x == b'\r') {
            out.pop();
        }
    }
    out
}

fn random_nodes(r: &mut Rng) -> Vec<u8> {
    let mut cols = vec!["id"];
    cols.extend(NODE_COLUMNS[1..].iter().filter(|_| r.below(2) == 0));
    const IDS: [&str; 16] = [
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "g",
        "h",
        "long_node_identifier_1",
        "a",
        "Bad",
        " c",
        "",
        "x-1.y_2",
        "\u{e9}",
        "long_node_identifier_2",
    ];
    const LABELS: [&str; 6] = ["", "", "Label", " padded ", "\u{e9}t\u{e9}", "A b"];
    const KINDS: [&str; 7] = ["", "", "bank", "ai_lab", "bogus", " bank", "Bank"];
    const NUMBERS: [&str; 14] = [
        "",
        "",
        "1",
        "2.5",
        "0",
        "12.345678",
        "-1",
        "NaN",
        "inf",
        "1e3",
        " 2",
        "abc",
        "5.",
        "-0",
    ];
    random_csv(r, cols, |r, c| match c {
        "id" if r.below(2) == 0 => r.pick(&IDS[..9]),
        "id" => r.pick(&IDS),
        "label" => r.pick(&LABELS),
        "kind" => r.pick(&KINDS),
        _ => r.pick(&NUMBERS),
    })
}

fn random_edges(r: &mut Rng) -> Vec<u8> {
    let mut cols = vec!["from", "to", "amount"];
    cols.extend(["kind", "recovery"].iter().filter(|_| r.below(2) == 0));
    const IDS: [&str; 18] = [
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "a",
        "b",
        "c",
        "g",
        "h",
        "long_node_identifier_1",
        "long_node_identifier_2",
        "Bad",
        " a",
        "b ",
        "",
        "x-1.y_2",
    ];
    const AMOUNTS: [&str; 22] = [
        "1",
        "2.5",
        "12.345678",
        "0.000001",
        "100",
        "7.25",
        "3",
        "0",
        "-1",
        "NaN",
        "inf",
        "1e3",
        "abc",
        "",
        " 3",
        "5.",
        ".5",
        "+1",
        "1234567890123456789",
        "0.1000000000000000055511151231257827",
        "999999999999999.9",
        "0012.5",
    ];
    const KINDS: [&str; 7] = [
        "",
        "debt",
        "equity",
        "compute_commitment",
        "",
        "bogus",
        " debt",
    ];
    const RECOVERIES: [&str; 10] = [
        "", "0", "0.5", "1", "", "1.5", "-0.1", "nan", "0.25 ", "1e-1",
    ];
    random_csv(r, cols, |r, c| match c {
        "from" | "to" => r.pick(&IDS),
        "amount" if r.below(3) == 0 => r.pick(&AMOUNTS),
        "amount" => r.pick(&AMOUNTS[..6]),
        "kind" => r.pick(&KINDS),
        _ => r.pick(&RECOVERIES),
    })
}

/// The fast path (with blocks of many sizes, so lines and blank runs straddle blocks and
/// parts) gives exactly what the precise path gives: the same problems at the same lines,
/// the same nodes in the same order, the same edges, bit for bit.
#[test]
fn fast_path_matches_precise_path() {
    let plain = b"id,buffer\na,1\nb,2\nc,3\nd,4\ne,5\nf,6\nlong_node_identifier_1,7\n";
    let mut r = Rng(7);
    let cases = if cfg!(debug_assertions) { 100 } else { 2000 };
    for case in 0..cases {
        let edges = random_edges(&mut r);
        let random = random_nodes(&mut r);
        for nodes in [None, Some(&plain[..]), Some(&random[..])] {
            for all in [true, false] {
                let want = run(&edges, nodes, all, Mode::Precise);
                for block in [1, 5, 17, 64, 1 << 20] {
                    let got = run(&edges, nodes, all, Mode::Fast(block));
                    assert_eq!(
                        got,
                        want,
                        "case {case}, all {all}, block {block}:\n{:?}\n{:?}",
                        String::from_utf8_lossy(&edges),
                        nodes.map(String::from_utf8_lossy)
                    );
                }
            }
        }
    }
}

/// A read error ends reading as it does for the `csv` reader: the lines before it are
/// read, an incomplete last line is lost, the error is the last problem.
#[test]
fn read_errors_match_precise_path() {
    let mut r = Rng(11);
    let cases = if cfg!(debug_assertions) { 60 } else { 600 };
    for case in 0..cases {
        let edges = random_edges(&mut r);
        let nodes = random_nodes(&mut r);
        for fail_at in [
            (Some(r.below(edges.len() + 1)), None),
            (None, Some(r.below(nodes.len() + 1))),
        ] {
            for all in [true, false] {
                let want = run_failing(&edges, Some(&nodes), all, Mode::Precise, fail_at);
                for block in [1, 13, 1 << 20] {
                    let got = run_failing(&edges, Some(&nodes), all, Mode::Fast(block), fail_at);
                    assert_eq!(
                        got, want,
                        "case {case}, all {all}, block {block}, {fail_at:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn header_problems() {
    let (_, p) = read_collect(input("from,to,weight\n"), None, true);
    assert!(p[0].message.contains("unknown column `weight`"));
    assert!(p[1].message.contains("required column `amount`"));
}
