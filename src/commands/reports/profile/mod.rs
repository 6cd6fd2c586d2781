//! `profile`: the problem profile, one self-contained HTML document that prints on A4: totals
//! and the change from the previous period, the map, hot spots, trends and cross-tabs. It may
//! leave the team, so every figure goes through one disclosure-control sheet
//! (`lookout::figures::disclosure`), whose rules the document states; no free text is used.

mod page;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use lookout::figures::disclosure::{Cell, Protected, Sheet};
use lookout::figures::hotspots::{HotSpot, Rule, hot_spots, last_complete_week};
use lookout::figures::map::Areas;
use lookout::figures::period::{Period, Week, YearMonth, parse_day};
use lookout::figures::tables::{
    Breakdown, CrossTab, Weekly, area_of, in_period, indicators_of, monthly, trade_of,
};
use lookout::figures::{Fact, Roles};
use lookout_functions::store::ReportStore;
use lookout_questionnaire::Questionnaire;

use crate::commands::out::note;
use lookout::casework::facts;

#[derive(clap::Args, Debug)]
pub struct ProfileArgs {
    /// The first day of the period (reports received from this day).
    #[arg(long, value_name = "DAY")]
    from: String,
    /// The last day of the period.
    #[arg(long, value_name = "DAY")]
    to: String,
    /// Where to write the document.
    #[arg(long, value_name = "FILE")]
    html: PathBuf,
    /// Counts from 1 to K−1 are shown as "fewer than K".
    #[arg(long, default_value_t = 3, value_name = "K")]
    min_count: u64,
}

/// A breakdown whose counts are cells of the sheet.
pub struct Counted {
    pub keys: Vec<String>,
    pub cells: Vec<Cell>,
}

/// A cross-tab whose cells are cells of the sheet; margins are the breakdowns'.
pub struct Grid {
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
}

/// Everything the document shows, as sheet cells.
pub struct Profile<'q> {
    pub roles: Roles<'q>,
    pub period: Period,
    pub previous: Period,
    pub k: u64,
    pub total: Cell,
    pub previous_total: Cell,
    pub areas: Counted,
    pub previous_areas: Counted,
    pub trades: Counted,
    pub signs: Counted,
    pub area_trade: Grid,
    /// Signs by row, areas by column.
    pub sign_area: Grid,
    pub months: Vec<(YearMonth, Cell)>,
    pub months_earlier: Cell,
    pub weeks: Vec<(Week, Cell)>,
    pub weeks_month_only: Cell,
    pub weeks_earlier: Cell,
    pub hot: Vec<HotSpot>,
    pub hot_week: Week,
    pub rule: Rule,
    pub map: Option<Areas>,
    pub map_problem: Option<String>,
}

fn counted(sheet: &mut Sheet, b: &Breakdown) -> Counted {
    Counted {
        keys: b.keys.clone(),
        cells: b.counts.iter().map(|n| sheet.cell(*n)).collect(),
    }
}

fn grid(sheet: &mut Sheet, t: &CrossTab) -> Grid {
    Grid {
        rows: t.rows.keys.clone(),
        cols: t.cols.keys.clone(),
        cells: t
            .cells
            .iter()
            .map(|row| row.iter().map(|n| sheet.cell(*n)).collect())
            .collect(),
    }
}

pub async fn profile(
    store: &dyn ReportStore,
    q: &Questionnaire,
    areas_path: &Path,
    args: &ProfileArgs,
) -> anyhow::Result<()> {
    let day = |t: &str, what: &str| {
        parse_day(t).with_context(|| format!("--{what} {t}: expected YYYY-MM-DD"))
    };
    let Some(period) = Period::new(day(&args.from, "from")?, day(&args.to, "to")?) else {
        bail!("--from {} is after --to {}", args.from, args.to);
    };
    if args.min_count < 2 {
        bail!("--min-count must be at least 2");
    }
    let roles = Roles::of(q);
    let facts = facts(store, &roles).await?;
    let (map, map_problem) = match Areas::load(areas_path, &Roles::options(roles.area)) {
        Ok(areas) => (Some(areas), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let (sheet, profile) = build(roles, &facts, period, args.min_count, map, map_problem);
    let protected = sheet.protect(args.min_count);
    let html = page::render(&profile, &protected);
    lookout::casework::files::write_private(&args.html, html.as_bytes())?;
    note!("problem profile written to {}", args.html.display());
    Ok(())
}

/// The sheet of every figure and how they add up, and where each is shown.
pub fn build<'q>(
    roles: Roles<'q>,
    facts: &[Fact],
    period: Period,
    k: u64,
    map: Option<Areas>,
    map_problem: Option<String>,
) -> (Sheet, Profile<'q>) {
    let mut sheet = Sheet::new();
    let now = in_period(facts, period);
    let previous = period.previous();
    let before = in_period(facts, previous);
    let area_options = Roles::options(roles.area);
    let trade_options = Roles::options(roles.trade);
    let sign_options = Roles::options(roles.indicators);

    let total = sheet.cell(now.len() as u64);
    let previous_total = sheet.cell(before.len() as u64);
    let area_trade_tab = CrossTab::of(&now, (&area_options, area_of), (&trade_options, trade_of));
    // Signs by row, areas by column: a sign's row adds up to the sign's count (each report has
    // one area); columns do not (a report may show several signs).
    let sign_area_tab = CrossTab::of(
        &now,
        (&sign_options, indicators_of),
        (&area_options, area_of),
    );
    let areas = counted(&mut sheet, &area_trade_tab.rows);
    let trades = counted(&mut sheet, &area_trade_tab.cols);
    let signs = counted(&mut sheet, &sign_area_tab.rows);
    let previous_areas = counted(&mut sheet, &Breakdown::of(&before, &area_options, area_of));
    sheet.line(areas.cells.clone(), total);
    sheet.line(trades.cells.clone(), total);
    sheet.line(previous_areas.cells.clone(), previous_total);

    let area_trade = grid(&mut sheet, &area_trade_tab);
    for (r, row) in area_trade.cells.iter().enumerate() {
        sheet.line(row.clone(), areas.cells[r]);
    }
    for c in 0..area_trade.cols.len() {
        let column = area_trade.cells.iter().map(|row| row[c]).collect();
        sheet.line(column, trades.cells[c]);
    }
    let sign_area = grid(&mut sheet, &sign_area_tab);
    for (r, row) in sign_area.cells.iter().enumerate() {
        sheet.line(row.clone(), signs.cells[r]);
    }

    let (by_month, earlier) = monthly(&now);
    let months: Vec<(YearMonth, Cell)> =
        by_month.iter().map(|(m, n)| (*m, sheet.cell(*n))).collect();
    let months_earlier = sheet.cell(earlier);
    let mut parts: Vec<Cell> = months.iter().map(|(_, c)| *c).collect();
    parts.push(months_earlier);
    sheet.line(parts, total);

    let weekly = Weekly::of(&now, &[], |_| Vec::new());
    let weeks: Vec<(Week, Cell)> = weekly
        .weeks
        .iter()
        .zip(&weekly.totals)
        .map(|(w, n)| (*w, sheet.cell(*n)))
        .collect();
    let weeks_month_only = sheet.cell(weekly.month_only);
    let placed: u64 = weekly.totals.iter().sum::<u64>() + weekly.month_only;
    let weeks_earlier = sheet.cell(now.len() as u64 - placed);
    let mut parts: Vec<Cell> = weeks.iter().map(|(_, c)| *c).collect();
    parts.extend([weeks_month_only, weeks_earlier]);
    sheet.line(parts, total);

    // The last complete week on or before the period's end.
    let hot_week = last_complete_week(period.to);
    let rule = Rule::default();
    let hot = hot_spots(facts, hot_week, rule);

    let profile = Profile {
        roles,
        period,
        previous,
        k,
        total,
        previous_total,
        areas,
        previous_areas,
        trades,
        signs,
        area_trade,
        sign_area,
        months,
        months_earlier,
        weeks,
        weeks_month_only,
        weeks_earlier,
        hot,
        hot_week,
        rule,
        map,
        map_problem,
    };
    (sheet, profile)
}

/// The text of a cell, and its change from another (shown figures only).
pub fn change_text(p: &Protected, before: Cell, now: Cell) -> String {
    match p.change(before, now) {
        Some(0) => "no change".into(),
        Some(d) if d > 0 => format!("+{d}"),
        Some(d) => format!("\u{2212}{}", d.unsigned_abs()),
        None => "not given".into(),
    }
}
