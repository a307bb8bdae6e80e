//! The measurements shared by every Rust client: sequential latency (mean, p50, p99),
//! throughput at a fixed concurrency, CPU time per call and peak RSS, all bounded in count
//! and time.

use crate::Request;
use std::time::{Duration, Instant};

/// Command-line settings.
pub struct Args {
    pub client: String,
    pub url: String,
    pub token: String,
    pub seconds: f64,
    pub concurrency: usize,
    pub sequential: usize,
}

impl Args {
    pub fn parse() -> Result<Args, String> {
        let mut args = Args {
            client: "talkover".into(),
            url: String::new(),
            token: String::new(),
            seconds: 3.0,
            concurrency: 64,
            sequential: 2000,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next().ok_or(format!("{flag} needs a value"))?;
            let number = || {
                value
                    .parse::<f64>()
                    .map_err(|_| format!("{flag}: not a number"))
            };
            match flag.as_str() {
                "--client" => args.client = value.clone(),
                "--url" => args.url = value.clone(),
                "--token" => args.token = value.clone(),
                "--seconds" => args.seconds = number()?,
                "--concurrency" => args.concurrency = number()? as usize,
                "--sequential" => args.sequential = number()? as usize,
                _ => return Err(format!("unknown flag {flag}")),
            }
        }
        if args.url.is_empty() || args.token.is_empty() {
            return Err("--url and --token are required".into());
        }
        Ok(args)
    }
}

/// User + system CPU time of this process.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct we own.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn peak_rss_mib() -> f64 {
    // SAFETY: as above.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    usage.ru_maxrss as f64 / 1024.0
}

/// Runs `request` with `concurrency` in flight until `seconds` pass; returns calls made.
async fn saturate(request: &Request, concurrency: usize, seconds: f64) -> usize {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let request = request.clone();
        workers.spawn(async move {
            let mut done = 0;
            while Instant::now() < deadline {
                request().await;
                done += 1;
            }
            done
        });
    }
    let mut total = 0;
    while let Some(done) = workers.join_next().await {
        total += done.unwrap_or(0);
    }
    total
}

/// Nearest-rank percentile of sorted latencies, in microseconds.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Sequential latency (mean, p50, p99), then throughput and CPU per call with
/// `concurrency` in flight. With `--seconds 0`, only one warm-up call and the sequential
/// calls run: the form counted under callgrind.
pub async fn measure(args: &Args, request: Request, expected: usize) -> String {
    let found = request().await;
    if found != expected {
        crate::fail(&format!("expected {expected} calls decoded, found {found}"));
    }
    let full = args.seconds > 0.0;
    if full {
        // Warm up: open the pool's connections and fault in the code.
        saturate(&request, args.concurrency, 0.5).await;
    }

    let mut latencies = Vec::with_capacity(args.sequential);
    let start = Instant::now();
    for _ in 0..args.sequential {
        let t = Instant::now();
        request().await;
        latencies.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let seq_us = start.elapsed().as_secs_f64() * 1e6 / args.sequential.max(1) as f64;
    latencies.sort_by(f64::total_cmp);
    let (p50, p99) = (percentile(&latencies, 50.0), percentile(&latencies, 99.0));
    let head = format!(
        "{{\"lang\":\"rust\",\"client\":\"{}\",\"seq_us\":{seq_us:.1},\"p50_us\":{p50:.1},\"p99_us\":{p99:.1}",
        args.client
    );
    if !full {
        return format!("{head}}}");
    }

    let cpu_before = cpu_time();
    let start = Instant::now();
    let calls = saturate(&request, args.concurrency, args.seconds).await;
    let elapsed = start.elapsed().as_secs_f64();
    let cpu_us = (cpu_time() - cpu_before).as_secs_f64() * 1e6 / calls.max(1) as f64;

    format!(
        "{head},\"rps\":{:.0},\"cpu_us\":{cpu_us:.1},\"rss_mib\":{:.1},\"calls\":{calls}}}",
        calls as f64 / elapsed,
        peak_rss_mib()
    )
}
