//! `public-stats`: the file the campaign's public page shows with the `public_stats`
//! shortcode. Each quarter (of the day reports were received) is added once it closed at least
//! a month ago, protected like the problem profile, and never changed afterwards: quarters
//! already in the file are kept as they are. The site's own check of the rules
//! (`lookout_site::public_stats`) runs on the result before it is written.

use std::path::PathBuf;

use anyhow::{Context, bail};
use lookout::figures::disclosure::{Sheet, Shown};
use lookout::figures::period::{YearMonth, format_day};
use lookout::figures::tables::{Breakdown, area_of, trade_of};
use lookout::figures::{Fact, Roles};
use lookout_functions::store::ReportStore;
use lookout_questionnaire::Questionnaire;
use lookout_site::public_stats::{
    Figure, PublicStats, Quarter, Suppressed, publishable_from, quarter_days,
};

use crate::commands::out::say;
use lookout::casework::facts;
use lookout::casework::files::write_private;

#[derive(clap::Args, Debug)]
pub struct PublicStatsArgs {
    /// The data file in the campaign (the shortcode's default is data/public-stats.json).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Counts from 1 to K−1 are shown as "fewer than K" (at least 3).
    #[arg(long, default_value_t = 3, value_name = "K")]
    min_count: u64,
}

pub async fn run(
    store: &dyn ReportStore,
    q: &Questionnaire,
    args: &PublicStatsArgs,
) -> anyhow::Result<()> {
    let today = time::OffsetDateTime::now_utc().date();
    let mut stats = if args.out.exists() {
        let stats = PublicStats::load(&args.out)?;
        let problems = stats.problems(today, q);
        if !problems.is_empty() {
            bail!(
                "{} breaks the rules already ({}); restore the published version before adding to it",
                args.out.display(),
                problems.join("; ")
            );
        }
        if stats.min_count != args.min_count {
            bail!(
                "{} was published with --min-count {}; keep it, or start a new file",
                args.out.display(),
                stats.min_count
            );
        }
        stats
    } else {
        PublicStats {
            format: 1,
            min_count: args.min_count,
            quarters: Vec::new(),
        }
    };
    let roles = Roles::of(q);
    let facts = facts(store, &roles).await?;
    let Some(first) = facts.iter().map(|f| f.received).min() else {
        say!("no reports: nothing to publish");
        return write(&stats, &args.out, today, q);
    };
    let last_published = stats.quarters.last().and_then(|q| quarter_days(&q.quarter));
    let mut added = Vec::new();
    let mut month = YearMonth::of(first);
    month.month = (month.quarter() - 1) * 3 + 1;
    loop {
        let name = format!("{}-Q{}", month.year, month.quarter());
        let (Some((from, to)), Some(open)) = (quarter_days(&name), publishable_from(&name)) else {
            bail!("cannot place quarter {name}");
        };
        if open > today {
            break;
        }
        if last_published.is_none_or(|(_, last)| from > last) {
            let in_quarter: Vec<&Fact> = facts
                .iter()
                .filter(|f| from <= f.received && f.received <= to)
                .collect();
            stats
                .quarters
                .push(quarter(&roles, &name, &in_quarter, args.min_count, today));
            added.push(name);
        }
        for _ in 0..3 {
            month = month.next();
        }
    }
    if added.is_empty() {
        say!("no quarter to add: the next one can be published a month after it closes");
    } else {
        say!("added {} to {}", added.join(", "), args.out.display());
    }
    write(&stats, &args.out, today, q)
}

fn write(
    stats: &PublicStats,
    out: &std::path::Path,
    today: time::Date,
    q: &Questionnaire,
) -> anyhow::Result<()> {
    let problems = stats.problems(today, q);
    if !problems.is_empty() {
        bail!(
            "refusing to write a file that breaks the rules: {}",
            problems.join("; ")
        );
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut json = serde_json::to_vec_pretty(stats)?;
    json.push(b'\n');
    write_private(out, &json)
}

/// One quarter's figures, protected.
fn quarter(roles: &Roles<'_>, name: &str, facts: &[&Fact], k: u64, today: time::Date) -> Quarter {
    let areas = Breakdown::of(facts, &Roles::options(roles.area), area_of);
    let trades = Breakdown::of(facts, &Roles::options(roles.trade), trade_of);
    let mut sheet = Sheet::new();
    let total = sheet.cell(facts.len() as u64);
    let area_cells: Vec<_> = areas.counts.iter().map(|n| sheet.cell(*n)).collect();
    let trade_cells: Vec<_> = trades.counts.iter().map(|n| sheet.cell(*n)).collect();
    sheet.line(area_cells.clone(), total);
    sheet.line(trade_cells.clone(), total);
    let p = sheet.protect(k);
    let figure = |cell| match p.shown(cell) {
        Shown::Count(n) => Figure::Count(n),
        Shown::Fewer => Figure::Suppressed(Suppressed::Fewer),
        Shown::Hidden => Figure::Suppressed(Suppressed::Hidden),
    };
    Quarter {
        quarter: name.to_string(),
        published_on: format_day(today),
        total: figure(total),
        areas: areas
            .keys
            .iter()
            .cloned()
            .zip(area_cells.iter().map(|c| figure(*c)))
            .collect(),
        trades: trades
            .keys
            .iter()
            .cloned()
            .zip(trade_cells.iter().map(|c| figure(*c)))
            .collect(),
    }
}
